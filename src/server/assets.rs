//! The built site's files: the wasm modules, their scripts and the CSS under `/pkg`, and what
//! `public/` holds. They are served compressed (the `.br` and `.gz` files `scripts/site.sh`
//! writes beside each one, or compressed on the way out by the router's compression layer when
//! there are none) and with caching rules that let a browser keep them without ever running an
//! old build's code against a new build's pages.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The encodings `scripts/site.sh` writes beside a file, by file-name suffix.
const SIDECARS: [&str; 2] = ["br", "gz"];

/// The site's files on disk.
#[derive(Clone, Debug)]
pub struct Assets {
    root: PathBuf,
    /// Whether the compressed copies beside the files may be served: none is older than the file
    /// it copies (a build that bypassed `scripts/site.sh` would leave old copies behind).
    precompressed: bool,
}

impl Assets {
    /// The files under `root`, checking once that their compressed copies are current.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let stale = stale_copies(&root);
        if let Some(first) = stale.first() {
            tracing::warn!(
                "{} compressed copies are older than their files (first: {}); serving the \
                 files compressed on the fly instead. Build with scripts/site.sh to refresh them.",
                stale.len(),
                first.display()
            );
        }
        Assets {
            root,
            precompressed: stale.is_empty(),
        }
    }

    /// The file a GET or HEAD asks for, or `None` when there is no such file. (The request is
    /// read before the answer is awaited, so the answer does not hold on to it.)
    pub fn serve(&self, req: &Request) -> impl Future<Output = Option<Response>> + Send + 'static {
        let mut probe = Request::builder()
            .method(req.method().clone())
            .uri(req.uri().clone());
        for (name, value) in req.headers() {
            probe = probe.header(name, value);
        }
        let probe = probe.body(Body::empty()).ok();
        let rule = cache_rule(req.uri().path());
        let mut dir = ServeDir::new(&self.root);
        if self.precompressed {
            dir = dir.precompressed_br().precompressed_gzip();
        }
        async move {
            let Ok(res) = dir.oneshot(probe?).await;
            if res.status() == StatusCode::NOT_FOUND {
                return None;
            }
            let mut res = res.into_response();
            if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
                res.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
            }
            Some(res)
        }
    }
}

/// How long a browser may keep a file without asking again.
///
/// The wasm, its scripts and the CSS keep their names from build to build, so a browser keeps
/// them but asks each time whether they changed (`no-cache`): the answer is a bodiless 304 until
/// a new build, and a page is never hydrated by an older build's code. Files from `public/`
/// (the icon) change rarely and may be kept for a day.
pub fn cache_rule(path: &str) -> &'static str {
    if path.starts_with("/pkg/") {
        "no-cache"
    } else {
        "public, max-age=86400"
    }
}

/// The compressed copies under `root` that are older than the file they copy, or whose file is
/// gone.
pub fn stale_copies(root: &Path) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                dirs.push(path);
                continue;
            }
            let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
                continue;
            };
            if !SIDECARS.contains(&ext) {
                continue;
            }
            let original = path.with_extension("");
            let fresh = match (modified(&original), meta.modified().ok()) {
                (Some(file), Some(copy)) => copy >= file,
                _ => false,
            };
            if !fresh {
                stale.push(path);
            }
        }
    }
    stale.sort();
    stale
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cp_assets_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        dir
    }

    fn touch(path: &Path, at: SystemTime) {
        std::fs::write(path, "x").unwrap();
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    #[test]
    fn the_build_s_code_is_checked_each_visit_and_the_icon_kept_a_day() {
        assert_eq!(cache_rule("/pkg/commonplace.wasm"), "no-cache");
        assert_eq!(cache_rule("/pkg/commonplace.css"), "no-cache");
        assert_eq!(cache_rule("/favicon.svg"), "public, max-age=86400");
    }

    #[test]
    fn a_copy_older_than_its_file_or_without_one_is_stale() {
        let root = site("stale");
        let then = SystemTime::now() - Duration::from_secs(3600);
        let now = SystemTime::now();
        touch(&root.join("pkg/a.wasm"), then);
        touch(&root.join("pkg/a.wasm.br"), now);
        touch(&root.join("pkg/a.wasm.gz"), now);
        touch(&root.join("pkg/b.js"), now);
        touch(&root.join("pkg/b.js.br"), then);
        touch(&root.join("pkg/gone.css.gz"), now);
        touch(&root.join("favicon.svg"), now);
        let stale: Vec<String> = stale_copies(&root)
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(stale, ["pkg/b.js.br", "pkg/gone.css.gz"]);
        assert!(!Assets::new(&root).precompressed);
        std::fs::remove_file(root.join("pkg/b.js.br")).unwrap();
        std::fs::remove_file(root.join("pkg/gone.css.gz")).unwrap();
        assert!(Assets::new(&root).precompressed);
        let _ = std::fs::remove_dir_all(&root);
    }
}
