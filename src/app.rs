//! The HTML shell and the router. Which page answers which path is declared by each feature
//! (`src/<feature>/site.rs`) and collected in `crate::site`.

use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};
use leptos_router::hooks::use_location;

use crate::auth::api::me;
use crate::site::{menu, Menu};
use crate::ui::layout::{CurrentUser, Frame, Menus};

/// The document around the app; sets the page's Content-Security-Policy with a fresh nonce.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::security::set_page_csp();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app: global providers and routes only.
///
/// Every route renders whole before it is sent (`SsrMode::Async`): pages must work without
/// JavaScript (streamed out-of-order chunks need a script to land), and a redirect or a 404
/// decided while loading must still reach the status line.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Tests and scripts wait for this marker before clicking: it is set once the wasm runs.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/commonplace.css" />
        <Title formatter=|text: String| if text.is_empty() { "Commonplace".to_string() } else { format!("{text} · Commonplace") } />
        <Router>
            <WithUser>
                <SiteRoutes />
            </WithUser>
        </Router>
    }
}

/// Every page the features declare (`crate::site`), in declaration order.
#[component]
fn SiteRoutes() -> impl IntoView {
    Routes(
        RoutesProps::builder()
            .fallback(NotFound)
            .children(RouteChildren::to_children(crate::site::routes))
            .build(),
    )
}

/// Loads the signed-in librarian on every navigation and puts the page in its frame.
#[component]
fn WithUser(children: Children) -> impl IntoView {
    let location = use_location();
    let user = Resource::new(
        move || location.pathname.get(),
        |_| async { me().await.ok().flatten() },
    );
    provide_context(CurrentUser(user));
    provide_context(Menus {
        public: menu(Menu::Public),
        staff: menu(Menu::Staff),
        admin: menu(Menu::Admin),
    });
    view! { <Frame>{children()}</Frame> }
}

/// The page for any path that is not one; answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="not-found">
            <h1>"We could not find that page"</h1>
            <p>"The link may be old, or the address mistyped."</p>
            <p><a href="/">"Go to the Commonplace home page"</a></p>
        </section>
    }
}
