//! `/polls`: the polls patrons can answer now, and those closed lately with their results.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::polls::api::public_polls;
use crate::polls::rules::{PublicPoll, RECENTLY_CLOSED_DAYS};
use crate::ui::widgets::{Empty, ErrorView, Loading};

#[component]
pub fn PublicPollsPage() -> impl IntoView {
    let polls = Resource::new(|| (), |_| public_polls());
    view! {
        <Title text="Polls" />
        <h1>"Have your say"</h1>
        <p class="lead">"The library asks the community what to offer next and how its programs went. Every answer is read."</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match polls.await {
                    Ok(lists) => view! {
                        <section aria-labelledby="open-polls">
                            <h2 id="open-polls">"Open now"</h2>
                            {if lists.open.is_empty() {
                                view! { <Empty><p>"No poll is open right now. Come back soon, or see the results of recent ones below."</p></Empty> }.into_any()
                            } else {
                                view! { <PollList polls=lists.open closed=false /> }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="closed-polls">
                            <h2 id="closed-polls">"Recently closed"</h2>
                            {if lists.recent.is_empty() {
                                view! { <p class="muted">{format!("No poll closed in the last {RECENTLY_CLOSED_DAYS} days.")}</p> }.into_any()
                            } else {
                                view! { <PollList polls=lists.recent closed=true /> }.into_any()
                            }}
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PollList(polls: Vec<PublicPoll>, closed: bool) -> impl IntoView {
    view! {
        <ul class="poll-list">
            {polls
                .into_iter()
                .map(|p| {
                    let when = match (&p.ends, closed) {
                        (Some(t), true) => format!("Closed {t}"),
                        (Some(t), false) => format!("Open until {t}"),
                        (None, _) => "Open until the library closes it".into(),
                    };
                    let people = if p.ballots == 1 { "1 person voted".to_string() } else { format!("{} people voted", p.ballots) };
                    let detail = if closed { format!("{when} · {people} · see the results") } else { when };
                    view! {
                        <li class="card">
                            <h3><a href=format!("/polls/{}", p.slug)>{p.question}</a></h3>
                            <p class="muted">{detail}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
