//! The frame around every page: skip link, header and navigation, footer.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::model::{Role, StaffUser};

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

#[component]
fn Nav() -> impl IntoView {
    let user = use_context::<CurrentUser>().map(|c| c.0);
    view! {
        <nav aria-label="Main">
            <Transition fallback=|| view! { <ul class="nav"></ul> }>
                {move || Suspend::new(async move {
                    let me = match user {
                        Some(r) => r.await,
                        None => None,
                    };
                    match me {
                        Some(me) => staff_nav(me).into_any(),
                        None => view! {
                            <ul class="nav">
                                <li><A href="/programs">"Programs"</A></li>
                                <li><A href="/sponsors">"Our sponsors"</A></li>
                                <li><A href="/join">"Become a partner"</A></li>
                                <li><A href="/signin">"Staff sign in"</A></li>
                            </ul>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </nav>
    }
}

/// The nav for a signed-in librarian. Signing out is a plain form post: the server ends the
/// session and redirects to the sign-in page, with or without JavaScript, and the full page
/// load clears whatever the browser held of the staff pages.
fn staff_nav(me: StaffUser) -> impl IntoView {
    let admin = me.role == Role::Admin;
    view! {
        <ul class="nav">
            <li><A href="/staff">"Home"</A></li>
            <li><A href="/partners">"Partners"</A></li>
            <li><A href="/staff/find">"Find partners"</A></li>
            <li><A href="/staff/needs">"Needs"</A></li>
            <li><A href="/staff/asks">"Asks"</A></li>
            <li><A href="/staff/programs">"Programs"</A></li>
            <li><A href="/staff/recognition">"Recognition"</A></li>
            <li><A href="/signups">"Sign-ups"</A></li>
            <li><A href="/staff/polls">"Polls"</A></li>
            {admin.then(|| view! {
                <li><A href="/admin/staff">"Staff accounts"</A></li>
                <li><A href="/admin/polls">"Poll settings"</A></li>
                <li><A href="/admin/branches">"Branches"</A></li>
                <li><A href="/admin/rooms">"Rooms"</A></li>
                <li><A href="/admin/matching">"Matching"</A></li>
            })}
            <li><A href="/account">{me.name}</A></li>
            <li>
                <form method="post" action="/api/public/sign_out" class="inline">
                    <button type="submit" class="link-button">"Sign out"</button>
                </form>
            </li>
        </ul>
    }
}
