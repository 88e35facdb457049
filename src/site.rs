//! The site map: every page, declared once by the feature it belongs to (`src/<feature>/site.rs`,
//! with [`pages!`](crate::pages)): its path, who may open it, and its place in the navigation.
//! The router (`app.rs`), the navigation (`ui::layout`), the `commonplace routes` listing and the
//! guard test are all built from these declarations, so a page cannot be left out of any of them.
//!
//! The URL says who may open a page: `/staff/...` librarians, `/admin/...` admins, anything
//! else anyone. The floor's guard follows that rule (`crate::url::who_may_open`); [`Who`]
//! states it again beside each page, and a test holds the two together.

use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::AnyNestedRoute;

pub use crate::url::Who;

/// The menus of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// What a visitor who is not signed in sees.
    Public,
    /// What every librarian sees.
    Staff,
    /// What admins see besides.
    Admin,
}

/// A page's entry in a menu; entries are shown by `order`.
#[derive(Clone, Copy, Debug)]
pub struct Nav {
    pub menu: Menu,
    pub order: u16,
    pub label: &'static str,
}

/// One page.
#[derive(Clone, Copy)]
pub struct Page {
    /// As the router writes it: `/staff/partners/:id`.
    pub path: &'static str,
    pub who: Who,
    pub nav: Option<Nav>,
    /// The route the router mounts.
    pub route: fn() -> AnyNestedRoute,
    /// Whether the page's code is a separate download (see [`pages!`](crate::pages)).
    pub lazy: bool,
}

/// Every page, feature by feature. Within a feature, a fixed path comes before a path with a
/// parameter in the same place (`/staff/partners/new` before `/staff/partners/:id`).
pub fn pages() -> Vec<Page> {
    [
        crate::home::site::pages(),
        crate::signups::site::pages(),
        crate::auth::site::pages(),
        crate::partners::site::pages(),
        crate::polls::site::pages(),
        crate::matching::site::pages(),
        crate::asks::site::pages(),
        crate::recognition::site::pages(),
        crate::mail::site::pages(),
        crate::programs::site::pages(),
    ]
    .concat()
}

/// The routes the router mounts, in declaration order.
pub fn routes() -> StaticVec<AnyNestedRoute> {
    pages()
        .iter()
        .map(|p| (p.route)())
        .collect::<Vec<_>>()
        .into()
}

/// A menu's entries as (path, label), in order.
pub fn menu(menu: Menu) -> Vec<(&'static str, &'static str)> {
    let mut entries: Vec<(u16, &'static str, &'static str)> = pages()
        .iter()
        .filter_map(|p| {
            p.nav
                .filter(|n| n.menu == menu)
                .map(|n| (n.order, p.path, n.label))
        })
        .collect();
    entries.sort_by_key(|e| e.0);
    entries.into_iter().map(|(_, p, l)| (p, l)).collect()
}

/// Declares a feature's pages and builds its `pages()` list for [`crate::site`].
///
/// ```ignore
/// crate::pages! {
///     "/staff/partners" => DirectoryPage lazy DirectoryRoute, Staff, nav(Staff, 20, "Partners");
///     "/staff/partners/:id" => PartnerPage lazy PartnerRoute, Staff;
/// }
/// ```
/// `lazy Name` makes the page's code a separate download, fetched when it is first visited.
/// Staff pages are lazy; the pages anyone may open are not, so a patron's first visit is the
/// main module, its script and the CSS (a lazy page pulls in its share of the ~1,000 split
/// modules: 230 requests for `/join` when it was lazy). A test holds public pages to this.
#[macro_export]
macro_rules! pages {
    ($( $path:tt => $page:ident $(lazy $route:ident)?, $who:ident $(, nav($menu:ident, $order:literal, $label:literal))? ;)+) => {
        $($(
            #[derive(Debug)]
            struct $route;

            #[leptos_router::lazy_route]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(_this: Self) -> leptos::prelude::AnyView {
                    use leptos::prelude::IntoAny;
                    leptos::prelude::view! { <$page /> }.into_any()
                }
            }
        )?)+

        /// This feature's pages, for the site map (`crate::site`).
        pub fn pages() -> Vec<$crate::site::Page> {
            vec![$(
                $crate::site::Page {
                    path: $path,
                    who: $crate::site::Who::$who,
                    nav: $crate::pages!(@nav $($menu, $order, $label)?),
                    lazy: $crate::pages!(@lazy $($route)?),
                    route: || {
                        use leptos_router::any_nested_route::IntoAnyNestedRoute;
                        leptos_router::NestedRoute::new(
                            leptos_router::path!($path),
                            $crate::pages!(@view $page $($route)?),
                        )
                        .ssr_mode(leptos_router::SsrMode::Async)
                        .into_any_nested_route()
                    },
                },
            )+]
        }
    };
    (@nav) => { None };
    (@nav $menu:ident, $order:literal, $label:literal) => {
        Some($crate::site::Nav {
            menu: $crate::site::Menu::$menu,
            order: $order,
            label: $label,
        })
    };
    (@lazy) => { false };
    (@lazy $route:ident) => { true };
    (@view $page:ident) => { $page };
    (@view $page:ident $route:ident) => { leptos_router::Lazy::<$route>::new() };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_page_says_who_may_open_it_as_its_url_does() {
        for p in pages() {
            assert_eq!(crate::url::who_may_open(p.path), p.who, "{}", p.path);
        }
    }

    #[test]
    fn every_path_is_declared_once_and_menus_point_at_pages_that_menu_may_open() {
        let mut seen = HashSet::new();
        for p in pages() {
            assert!(seen.insert(p.path), "{} is declared twice", p.path);
            if let Some(nav) = p.nav {
                assert!(!p.path.contains(':'), "a menu links to {}", p.path);
                let fits = match nav.menu {
                    Menu::Public => p.who == Who::Anyone,
                    Menu::Staff => p.who == Who::Staff,
                    Menu::Admin => p.who == Who::Admin,
                };
                assert!(fits, "{} is in the wrong menu", p.path);
            }
        }
        assert_eq!(menu(Menu::Staff).first(), Some(&("/staff", "Home")));
    }

    #[test]
    fn a_patron_page_is_in_the_first_download_and_a_staff_page_is_not() {
        for p in pages() {
            assert_eq!(p.lazy, p.who != Who::Anyone, "{}", p.path);
        }
    }

    #[test]
    fn the_url_scheme_decides_by_whole_segments() {
        assert_eq!(crate::url::who_may_open("/staff"), Who::Staff);
        assert_eq!(crate::url::who_may_open("/staff/partners/3"), Who::Staff);
        assert_eq!(crate::url::who_may_open("/staffroom"), Who::Anyone);
        assert_eq!(crate::url::who_may_open("/admin/rooms"), Who::Admin);
        assert_eq!(crate::url::who_may_open("/programs/3"), Who::Anyone);
    }
}
