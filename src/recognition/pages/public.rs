//! `/sponsors` (the public sponsor wall) and `/flyer` (a month's printable flyer).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::{load_flyer, load_sponsors};
use crate::recognition::model::{Flyer, Sponsor};
use crate::ui::widgets::{Empty, ErrorView, Loading};

/// The partners the library thanks in public.
#[component]
pub fn SponsorsPage() -> impl IntoView {
    let sponsors = Resource::new(|| (), |_| load_sponsors());
    view! {
        <Title text="Our sponsors and partners" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match sponsors.await {
                    Ok((library, list)) => view! {
                        <h1>"Thank you to our partners"</h1>
                        <p class="lead">{format!("Local businesses and organizations who make programs at {library} possible.")}</p>
                        {if list.is_empty() {
                            view! { <Empty><p>"Our partner list is being updated. Check back soon."</p></Empty> }.into_any()
                        } else {
                            view! { <SponsorWall sponsors=list /> }.into_any()
                        }}
                        <p><a href="/join">"Would your organization like to partner with the library?"</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SponsorWall(sponsors: Vec<Sponsor>) -> impl IntoView {
    view! {
        <ul class="sponsor-wall">
            {sponsors.into_iter().map(|s| {
                let name = match s.website.clone() {
                    Some(w) => view! { <a href=w rel="noopener">{s.name.clone()}</a> }.into_any(),
                    None => view! { {s.name.clone()} }.into_any(),
                };
                view! {
                    <li class="sponsor">
                        <p class="sponsor-name">{name}</p>
                        {(!s.thanks_for.is_empty()).then(|| view! { <p class="muted">{s.thanks_for.join(" · ")}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// One month on one printed page: the partners to thank and the sponsors.
#[component]
pub fn FlyerPage() -> impl IntoView {
    let query = use_query_map();
    let flyer = Resource::new(
        move || query.with(|q| q.get_str("month").unwrap_or("").to_string()),
        load_flyer,
    );
    view! {
        <Title text="Flyer" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match flyer.await {
                    Ok(f) => view! { <FlyerSheet flyer=f /> }.into_any(),
                    Err(e) => view! { <h1>"Flyer"</h1><ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FlyerSheet(flyer: Flyer) -> impl IntoView {
    let Flyer {
        library,
        month,
        month_label,
        highlights,
        sponsors,
    } = flyer;
    view! {
        <form method="get" action="/flyer" class="inline no-print" aria-label="Choose the month">
            <div class="field">
                <label for="f-month">"Month"</label>
                <input id="f-month" type="month" name="month" value=month />
            </div>
            <button type="submit" class="secondary">"Show"</button>
            <p class="hint">"Print this page (Ctrl+P) for a one-page flyer."</p>
        </form>
        <article class="flyer">
            <header class="flyer-head">
                <p class="flyer-library">{library.clone()}</p>
                <h1>{format!("Partners in {month_label}")}</h1>
            </header>
            <section aria-labelledby="flyer-thanks">
                <h2 id="flyer-thanks">"This month we thank"</h2>
                {if highlights.is_empty() {
                    view! { <p>"Every neighbour who lent a hand. Programs with partner presenters appear here once they are scheduled."</p> }.into_any()
                } else {
                    view! {
                        <ul class="flyer-highlights">
                            {highlights.into_iter().map(|h| view! { <li><strong>{h.name}</strong>" — "{h.what}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="flyer-sponsors">
                <h2 id="flyer-sponsors">"Our sponsors"</h2>
                {if sponsors.is_empty() {
                    view! { <p>"Become one: ask at the front desk."</p> }.into_any()
                } else {
                    view! {
                        <ul class="flyer-sponsors">
                            {sponsors.into_iter().map(|s| view! { <li>{s.name}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <footer class="flyer-foot">
                <p>{format!("Want to partner with {library}? Sign up at the front desk or on our website.")}</p>
            </footer>
        </article>
    }
}
