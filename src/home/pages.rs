//! `/` for everyone and `/staff` for librarians.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::summary;
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::day;

/// The public front door: what Commonplace is, for partners and for staff.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">"The library works best with its neighbours"</h1>
            <p class="lead">
                "Local shops, fire fighters, clubs, schools, universities and hospitals already bring refreshments, "
                "storytimes, workshops and expertise to the library. Commonplace is how the library keeps track of "
                "those partnerships — and how new partners join."
            </p>
            <p class="cta">
                <a class="button big" href="/join">"Become a partner"</a>
                <a class="button secondary big" href="/signin">"Staff sign in"</a>
            </p>
        </section>
        <section class="columns three features" aria-label="How it works">
            <div class="card">
                <h2>"For organizations"</h2>
                <p>"Tell the library what you could share and when you are free. No account needed."</p>
            </div>
            <div class="card">
                <h2>"For librarians"</h2>
                <p>"One directory of partners, with contacts, what each offers, and every call, visit and thank-you."</p>
            </div>
            <div class="card">
                <h2>"For the community"</h2>
                <p>"More programs led by the people who know the neighbourhood best. "<a href="/programs">"See what is on"</a>", or "<a href="/polls">"have your say in a poll"</a>"."</p>
            </div>
        </section>
    }
}

/// The librarians' start page.
#[component]
pub fn StaffHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| summary());
    view! {
        <Title text="Staff home" />
        <h1>"Partnerships at a glance"</h1>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => {
                        let total: i64 = s.by_stage.iter().map(|(_, n)| n).sum();
                        view! {
                            <div class="stats">
                                <a class="stat" href="/staff/partners">
                                    <span class="num">{total}</span>
                                    <span class="label">"partners in the directory"</span>
                                </a>
                                {s.by_stage
                                    .iter()
                                    .map(|(stage, n)| {
                                        view! {
                                            <a class="stat" href=format!("/staff/partners?stage={}", stage.slug())>
                                                <span class="num">{*n}</span>
                                                <span class="label">{stage.label().to_lowercase()}</span>
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                                <a class="stat highlight" href="/staff/signups">
                                    <span class="num">{s.pending_signups}</span>
                                    <span class="label">"sign-ups to review"</span>
                                </a>
                                <a class="stat highlight" href="/staff/asks?status=follow_up">
                                    <span class="num">{s.follow_ups}</span>
                                    <span class="label">"asks to follow up"</span>
                                </a>
                                <a class="stat highlight" href="/staff/recognition?show=overdue">
                                    <span class="num">{s.overdue_recognition}</span>
                                    <span class="label">"recognition overdue"</span>
                                </a>
                                {(s.failed_mail > 0).then(|| view! {
                                    <a class="stat highlight" href="/staff/outbox?show=failed">
                                        <span class="num">{s.failed_mail}</span>
                                        <span class="label">"e-mails not sent"</span>
                                    </a>
                                })}
                            </div>
                            <section class="card" aria-labelledby="at-risk">
                                <h2 id="at-risk">"Partnerships at risk"</h2>
                                {if s.at_risk.is_empty() {
                                    view! { <p>"None: every active partnership has recent contact, answered asks and its thanks given."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="at-risk">
                                            {s.at_risk.into_iter().map(|r| view! {
                                                <li>
                                                    <a href=format!("/staff/partners/{}", r.partner_id)>{r.name}</a>
                                                    {r.score.map(|n| view! { " " <span class="badge">{format!("health {n}")}</span> })}
                                                    <br /><span class="muted">{r.risks}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                        <p><a href="/staff/partners?sort=health">"All partners by health"</a></p>
                                    }.into_any()
                                }}
                            </section>
                            <section class="card" aria-labelledby="recent">
                                <h2 id="recent">"Recent interactions"</h2>
                                {if s.recent.is_empty() {
                                    view! { <Empty><p>"No interactions logged yet. Open a partner to log a call or visit."</p></Empty> }.into_any()
                                } else {
                                    view! {
                                        <ol class="log">
                                            {s.recent
                                                .into_iter()
                                                .map(|r| view! {
                                                    <li>
                                                        <p class="log-meta">
                                                            <a href=format!("/staff/partners/{}", r.partner_id)>{r.partner_name}</a>
                                                            " · " <time datetime=r.occurred_on.clone()>{day(&r.occurred_on)}</time>
                                                            " · " <span class="badge">{r.kind.label()}</span>
                                                            {r.staff_name.map(|n| view! { " · " <span class="muted">{n}</span> })}
                                                        </p>
                                                        <p>{r.note}</p>
                                                    </li>
                                                })
                                                .collect_view()}
                                        </ol>
                                    }
                                    .into_any()
                                }}
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
