//! The HTML shell and the router: which page answers which path.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

use crate::asks::pages::{AnswerPage, AskPage, AsksPage, EditAskPage, NewAskPage, TemplatesPage};
use crate::auth::api::me;
use crate::auth::pages::{AccountPage, SignInPage, StaffAdminPage};
use crate::home::{HomePage, StaffHome};
use crate::mail::pages::{OutboxMessagePage, OutboxPage};
use crate::matching::pages::{
    BranchesPage, EditNeedPage, FindPartnersPage, MatchingSettingsPage, NeedPage, NeedsPage,
    NewNeedPage,
};
use crate::partners::pages::{DirectoryPage, EditPartnerPage, NewPartnerPage, PartnerPage};
use crate::polls::pages::{
    EmbedPollPage, NewPollPage, PollPage, PollSettingsPage, PollsPage, StaffPollPage,
};
use crate::programs::pages::{
    CalendarPage, ManagePage, ProgramPage, RoomsPage, ScheduleProgramPage, StaffProgramPage,
    StaffProgramsPage,
};
use crate::recognition::pages::{FlyerPage, RecognitionPage, SponsorsPage};
use crate::signups::pages::{JoinPage, JoinThanksPage, ReviewPage};
use crate::ui::layout::{CurrentUser, Frame};

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
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/join") view={Lazy::<JoinPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/join/thanks") view={Lazy::<JoinThanksPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signin") view={Lazy::<SignInPageRoute>::new()} ssr=SsrMode::Async />
                                            <Route path=path!("/staff") view={Lazy::<StaffHomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<AccountPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/partners") view={Lazy::<DirectoryPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/partners/new") view={Lazy::<NewPartnerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/partners/:id") view={Lazy::<PartnerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/partners/:id/edit") view={Lazy::<EditPartnerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/signups") view={Lazy::<ReviewPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/staff") view={Lazy::<StaffAdminPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/polls/:slug") view={Lazy::<PollPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/embed/polls/:slug") view={Lazy::<EmbedPollPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/polls") view={Lazy::<PollsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/polls/new") view={Lazy::<NewPollPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/polls/:id") view={Lazy::<StaffPollPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/polls") view={Lazy::<PollSettingsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/needs") view={Lazy::<NeedsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/needs/new") view={Lazy::<NewNeedPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/needs/:id") view={Lazy::<NeedPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/needs/:id/edit") view={Lazy::<EditNeedPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/branches") view={Lazy::<BranchesPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/matching") view={Lazy::<MatchingSettingsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/find") view={Lazy::<FindPartnersPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/asks") view={Lazy::<AsksPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/asks/new") view={Lazy::<NewAskPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/asks/templates") view={Lazy::<TemplatesPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/asks/:id") view={Lazy::<AskPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/asks/:id/edit") view={Lazy::<EditAskPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/answer/:token") view={Lazy::<AnswerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/recognition") view={Lazy::<RecognitionPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/sponsors") view={Lazy::<SponsorsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/flyer") view={Lazy::<FlyerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/outbox") view={Lazy::<OutboxPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/outbox/:id") view={Lazy::<OutboxMessagePageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs") view={Lazy::<CalendarPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:id") view={Lazy::<ProgramPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/manage/:token") view={Lazy::<ManagePageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/programs") view={Lazy::<StaffProgramsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/programs/new") view={Lazy::<ScheduleProgramPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/programs/:id") view={Lazy::<StaffProgramPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/rooms") view={Lazy::<RoomsPageRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </WithUser>
        </Router>
    }
}

/// Declares a route whose code the browser loads only when it is first visited: the first
/// download holds the frame and the home page, and each page brings its own code.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),+ $(,)?) => {$(
        #[derive(Debug)]
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )+};
}

lazy_page! {
    JoinPageRoute => JoinPage,
    JoinThanksPageRoute => JoinThanksPage,
    SignInPageRoute => SignInPage,
    StaffHomeRoute => StaffHome,
    AccountPageRoute => AccountPage,
    DirectoryPageRoute => DirectoryPage,
    NewPartnerPageRoute => NewPartnerPage,
    PartnerPageRoute => PartnerPage,
    EditPartnerPageRoute => EditPartnerPage,
    ReviewPageRoute => ReviewPage,
    StaffAdminPageRoute => StaffAdminPage,
    PollPageRoute => PollPage,
    EmbedPollPageRoute => EmbedPollPage,
    PollsPageRoute => PollsPage,
    NewPollPageRoute => NewPollPage,
    StaffPollPageRoute => StaffPollPage,
    PollSettingsPageRoute => PollSettingsPage,
    NeedsPageRoute => NeedsPage,
    NewNeedPageRoute => NewNeedPage,
    NeedPageRoute => NeedPage,
    EditNeedPageRoute => EditNeedPage,
    BranchesPageRoute => BranchesPage,
    MatchingSettingsPageRoute => MatchingSettingsPage,
    FindPartnersPageRoute => FindPartnersPage,
    AsksPageRoute => AsksPage,
    NewAskPageRoute => NewAskPage,
    TemplatesPageRoute => TemplatesPage,
    AskPageRoute => AskPage,
    EditAskPageRoute => EditAskPage,
    AnswerPageRoute => AnswerPage,
    RecognitionPageRoute => RecognitionPage,
    SponsorsPageRoute => SponsorsPage,
    FlyerPageRoute => FlyerPage,
    OutboxPageRoute => OutboxPage,
    OutboxMessagePageRoute => OutboxMessagePage,
    CalendarPageRoute => CalendarPage,
    ProgramPageRoute => ProgramPage,
    ManagePageRoute => ManagePage,
    StaffProgramsPageRoute => StaffProgramsPage,
    ScheduleProgramPageRoute => ScheduleProgramPage,
    StaffProgramPageRoute => StaffProgramPage,
    RoomsPageRoute => RoomsPage,
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
