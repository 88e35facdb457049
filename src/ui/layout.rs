//! The frame around every page: skip link, header and navigation, footer.

use leptos::either::Either;
use leptos::prelude::*;

use crate::identity::{Role, StaffUser};

/// The signed-in librarian as the whole page sees it (loaded once per navigation).
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Option<StaffUser>>);

/// Header, main landmark and footer around a page.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    // The embeddable widget lives inside another site's page: no header, nav or footer.
    let embed = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .starts_with("/embed/");
    if embed {
        return Either::Left(view! { <main id="main" class="embed-main">{children()}</main> });
    }
    Either::Right(view! {
        // `target` leaves the jump to the browser, which moves focus there; the client-side
        // router would only scroll.
        <a class="skip" href="#main" target="_self">"Skip to content"</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"❦"</span>
                    " Commonplace"
                </a>
                <Nav />
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>"Commonplace — the library and its neighbours, working together."</p>
            </div>
        </footer>
    })
}

/// The menus of the navigation as (path, label), from the site map (`crate::site`), which the
/// app provides: the frame draws them without knowing any feature.
#[derive(Clone, Default)]
pub struct Menus {
    pub public: Vec<(&'static str, &'static str)>,
    pub staff: Vec<(&'static str, &'static str)>,
    pub admin: Vec<(&'static str, &'static str)>,
}

/// Menu links; the one entry `current` names carries `aria-current="page"`.
fn links(
    entries: Vec<(&'static str, &'static str)>,
    current: Memo<Option<&'static str>>,
) -> impl IntoView {
    entries
        .into_iter()
        .map(|(href, label)| {
            view! { <li><a href=href aria-current=move || (current.get() == Some(href)).then_some("page")>{label}</a></li> }
        })
        .collect_view()
}

/// The entry of `menus` that is current at the location (one at most; see
/// [`crate::url::current_entry`]).
fn current_in(menus: &Menus, staff: bool) -> Memo<Option<&'static str>> {
    let location = leptos_router::hooks::use_location();
    let hrefs: Vec<&'static str> = if staff {
        menus
            .staff
            .iter()
            .chain(&menus.admin)
            .map(|(h, _)| *h)
            .chain(["/staff/account"])
            .collect()
    } else {
        menus.public.iter().map(|(h, _)| *h).collect()
    };
    Memo::new(move |_| {
        location
            .pathname
            .with(|p| crate::url::current_entry(p, hrefs.iter().copied()))
    })
}

#[component]
fn Nav() -> impl IntoView {
    let user = use_context::<CurrentUser>().map(|c| c.0);
    let menus = use_context::<Menus>().unwrap_or_default();
    view! {
        <nav aria-label="Main">
            <Transition fallback=|| view! { <ul class="nav"></ul> }>
                {move || {
                    let menus = menus.clone();
                    Suspend::new(async move {
                    let me = match user {
                        Some(r) => r.await,
                        None => None,
                    };
                    match me {
                        Some(me) => staff_nav(me, &menus).into_any(),
                        None => view! {
                            <ul class="nav">
                                {links(menus.public.clone(), current_in(&menus, false))}
                            </ul>
                        }
                        .into_any(),
                    }
                })
                }}
            </Transition>
        </nav>
    }
}

/// The nav for a signed-in librarian. Signing out is a plain form post: the server ends the
/// session and redirects to the sign-in page, with or without JavaScript, and the full page
/// load clears whatever the browser held of the staff pages.
fn staff_nav(me: StaffUser, menus: &Menus) -> impl IntoView {
    let admin = me.role == Role::Admin;
    let current = current_in(menus, true);
    view! {
        <ul class="nav">
            {links(menus.staff.clone(), current)}
            {admin.then(|| links(menus.admin.clone(), current))}
            <li><a href="/staff/account" aria-current=move || (current.get() == Some("/staff/account")).then_some("page")>{me.name}</a></li>
            <li>
                <form method="post" action="/api/public/sign_out" class="inline">
                    <button type="submit" class="link-button">"Sign out"</button>
                </form>
            </li>
        </ul>
    }
}
