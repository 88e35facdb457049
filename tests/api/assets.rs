//! What goes over the wire: pages and answers compressed for a browser that accepts it, the
//! site's files sent as their precompressed copies, and caching that lets a second visit
//! download nothing while a new build still reaches the browser at once.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both;
use crate::common::TestApp;

/// A response with its body as bytes, exactly as sent.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Raw {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Raw {
        status,
        headers,
        body,
    }
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut out)
        .expect("valid brotli");
    out
}

fn write(path: &Path, bytes: &[u8], modified: SystemTime) {
    std::fs::write(path, bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

const CSS: &str = "body { color: black; background: white; margin: 0 auto; max-width: 60rem }\n";

/// A built site of one stylesheet and an icon; the stylesheet's compressed copies are marked
/// so a test can tell them from compression on the fly. `fresh` copies are newer than the file.
fn site(name: &str, fresh: bool) -> String {
    let dir = std::env::temp_dir().join(format!("cp_wire_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let then = SystemTime::now() - Duration::from_secs(3600);
    let now = SystemTime::now();
    let (file, copies) = if fresh { (then, now) } else { (now, then) };
    write(&dir.join("pkg/site.css"), CSS.repeat(20).as_bytes(), file);
    write(&dir.join("pkg/site.css.br"), b"the brotli copy", copies);
    write(&dir.join("pkg/site.css.gz"), b"the gzip copy", copies);
    write(&dir.join("favicon.svg"), b"<svg/>", file);
    dir.display().to_string()
}

both!(pages_and_answers_go_out_compressed, |app| {
    let plain = fetch(&app, "/join", &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), "", "asked for nothing");

    let br = fetch(&app, "/join", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br
        .header("vary")
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let html = unbrotli(&br.body);
    assert!(html.contains("Become a library partner"), "{html}");
    assert!(html.contains("</html>"), "the whole page: {html}");
    assert!(
        br.body.len() * 3 < plain.body.len(),
        "{} bytes compressed, {} plain",
        br.body.len(),
        plain.body.len()
    );

    let gz = fetch(&app, "/programs", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert!(gunzip(&gz.body).contains("<h1"));
});

both!(
    the_site_s_files_go_out_as_their_copies_and_are_asked_after_each_visit,
    |c| {
        c.site_root = site("fresh", true);
    },
    |app| {
        let br = fetch(&app, "/pkg/site.css", &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), "br");
        assert_eq!(br.header("content-type"), "text/css");
        assert_eq!(&br.body[..], b"the brotli copy");
        assert_eq!(br.header("cache-control"), "no-cache");

        let gz = fetch(&app, "/pkg/site.css", &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.header("content-encoding"), "gzip");
        assert_eq!(&gz.body[..], b"the gzip copy");

        let plain = fetch(&app, "/pkg/site.css", &[]).await;
        assert_eq!(plain.header("content-encoding"), "");
        assert_eq!(plain.body, CSS.repeat(20));

        // The second visit: the browser asks whether its copy is current and downloads nothing.
        let since = br.header("last-modified").to_string();
        assert!(!since.is_empty());
        let again = fetch(
            &app,
            "/pkg/site.css",
            &[
                ("accept-encoding", "gzip, br"),
                ("if-modified-since", &since),
            ],
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert_eq!(again.header("cache-control"), "no-cache");

        let icon = fetch(&app, "/favicon.svg", &[]).await;
        assert_eq!(icon.status, StatusCode::OK);
        assert_eq!(icon.header("cache-control"), "public, max-age=86400");

        let missing = fetch(&app, "/pkg/nothing.wasm", &[("accept-encoding", "br")]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.header("cache-control"), "");
    }
);

// Copies older than their file (a build that bypassed scripts/site.sh) are never sent: the
// browser would run an old build's code. The file itself goes out, compressed on the way.
both!(
    copies_older_than_their_file_are_never_sent,
    |c| {
        c.site_root = site("stale", false);
    },
    |app| {
        let br = fetch(&app, "/pkg/site.css", &[("accept-encoding", "br")]).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), "br");
        assert_eq!(unbrotli(&br.body), CSS.repeat(20));
        let gz = fetch(&app, "/pkg/site.css", &[("accept-encoding", "gzip")]).await;
        assert_eq!(gunzip(&gz.body), CSS.repeat(20));
    }
);
