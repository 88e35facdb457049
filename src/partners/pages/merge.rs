//! `/staff/partners/:id/merge`: find a second copy of a partner (the likely ones are offered
//! first, any other by name) and merge it in, after seeing what will move. The choice lives in
//! the URL (`?other=`, `?q=`), so the page works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::error::AppError;
use crate::partners::api::{get_partner, search_partners};
use crate::partners::directory::DirectoryQuery;
use crate::partners::merge::api::{likely_duplicates, preview_merge, MergePartners};
use crate::partners::merge::model::MergePreview;
use crate::ui::fields::FormStatus;
use crate::ui::form_state::action_error;
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;

/// Partners whose names match a search, at most this many.
const FOUND: i64 = 20;

#[component]
pub fn MergePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let kept =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())));
    let other =
        Memo::new(move |_| query.with(|q| q.get_str("other").and_then(|v| v.parse::<i64>().ok())));
    let q =
        Memo::new(move |_| query.with(|q| q.get_str("q").unwrap_or_default().trim().to_string()));
    let merge = ServerAction::<MergePartners>::new();
    let partner = Resource::new(
        move || kept.get(),
        |id| async move {
            match id {
                Some(id) => get_partner(id).await,
                None => Err(AppError::NotFound("That partner".into())),
            }
        },
    );
    view! {
        <Title text="Merge a duplicate" />
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match partner.await {
                    Ok(p) => view! {
                        <MergeBody kept=p.id name=p.partner.name other q merge />
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MergeBody(
    kept: i64,
    name: String,
    other: Memo<Option<i64>>,
    q: Memo<String>,
    merge: ServerAction<MergePartners>,
) -> impl IntoView {
    let likely = Resource::new(|| (), move |_| likely_duplicates(kept));
    let found = Resource::new(
        move || q.get(),
        move |q| async move {
            if q.is_empty() {
                return Ok(Vec::new());
            }
            let query = DirectoryQuery {
                q,
                page: 1,
                per_page: FOUND,
                ..DirectoryQuery::default()
            };
            let page = search_partners(query).await?;
            Ok::<_, AppError>(
                page.rows
                    .into_iter()
                    .filter(|r| r.id != kept)
                    .collect::<Vec<_>>(),
            )
        },
    );
    let preview = Resource::new(
        move || other.get(),
        move |o| async move {
            match o {
                Some(o) => preview_merge(kept, o).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let review = move |id: i64| {
        let search = q.get_untracked();
        if search.is_empty() {
            format!("/staff/partners/{kept}/merge?other={id}")
        } else {
            format!(
                "/staff/partners/{kept}/merge?other={id}&q={}",
                crate::url::encode(&search)
            )
        }
    };
    let back = format!("/staff/partners/{kept}");
    view! {
        <p class="crumbs"><a href=back>{format!("← {name}")}</a></p>
        <h1>{format!("Merge a duplicate into {name}")}</h1>
        <p class="lead">
            "When one organization is in the directory twice, merge the copy into this partner. "
            "Its contacts, log, asks, recognition, programs and sign-ups move here, and the copy leaves the directory."
        </p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(Some(p)) => view! { <Confirm preview=p merge /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section class="card" aria-labelledby="likely">
            <h2 id="likely">"Likely duplicates"</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match likely.await {
                        Ok(list) if list.is_empty() => view! {
                            <Empty><p>"No other partner shares this one's name, web domain or phone number. Search by name below."</p></Empty>
                        }
                        .into_any(),
                        Ok(list) => view! {
                            <ul class="likely-list">
                                {list
                                    .into_iter()
                                    .map(|l| {
                                        let archived = if l.archived { " (archived)" } else { "" };
                                        candidate(review(l.partner_id), &l.name, format!("{archived} — {}", l.summary()))
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="card" aria-labelledby="find">
            <h2 id="find">"Find another partner"</h2>
            <Form method="GET" action=format!("/staff/partners/{kept}/merge") attr:class="inline-search" attr:role="search" attr:aria-label="Find a partner to merge">
                <div class="field">
                    <label for="merge-q">"Partner name"</label>
                    <input id="merge-q" type="search" name="q" maxlength=100 value=move || q.get() />
                </div>
                <button type="submit" class="secondary">"Search"</button>
            </Form>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    let searched = !q.get_untracked().is_empty();
                    match found.await {
                        Ok(rows) if rows.is_empty() && searched => view! { <p class="muted" role="status">"No other partner has that in its name."</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="likely-list">
                                {rows
                                    .into_iter()
                                    .map(|r| candidate(review(r.id), &r.name, format!(" — {}", r.kind.label())))
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A partner that could be merged in: the link that reviews the merge, and why it is listed.
fn candidate(href: String, name: &str, detail: String) -> impl IntoView {
    view! {
        <li>
            <a href=href>{format!("Review merging {name}")}</a>
            <span class="muted">{detail}</span>
        </li>
    }
}

/// What a merge will do, and the button that does it.
#[component]
fn Confirm(preview: MergePreview, merge: ServerAction<MergePartners>) -> impl IntoView {
    let MergePreview {
        kept_id,
        kept_name,
        other_id,
        other_name,
        ..
    } = preview.clone();
    let cancel = format!("/staff/partners/{kept_id}/merge");
    view! {
        <section class="card confirm" aria-labelledby="confirm">
            <h2 id="confirm">{format!("Merge “{other_name}” into “{kept_name}”?")}</h2>
            <p>{format!("Moves to {kept_name}: {}.", preview.summary())}</p>
            <p>{format!("Anything {kept_name}'s profile lacks (an address, a website, offerings, tags, notes) is filled in from {other_name}; its name and everything it already says stay as they are.")}</p>
            <p class="notice warn">{format!("{other_name} then leaves the directory. A merge cannot be undone.")}</p>
            <FormStatus error=action_error(merge.value()) />
            <ActionForm action=merge attr:class="inline">
                <input type="hidden" name="kept" value=kept_id />
                <input type="hidden" name="other" value=other_id />
                <button type="submit">{format!("Merge {other_name} into {kept_name}")}</button>
            </ActionForm>
            " "
            <a href=cancel>"Cancel"</a>
        </section>
    }
}
