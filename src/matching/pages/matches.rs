//! The pieces that show a match: a suggested partner with its score and reasons, and the
//! partners left out. Used by a need's page, "Find partners" and a partner's fits.

use leptos::prelude::*;

use crate::matching::engine::{Factor, LeftOut, Suggestion};

/// A suggested partner: its score, the reasons, and a link to draft an ask.
#[component]
pub fn MatchCard(s: Suggestion, need_id: Option<i64>) -> impl IntoView {
    let heading = format!("match-{}", s.partner_id);
    let draft = format!(
        "/staff/asks/new?partner={}{}",
        s.partner_id,
        need_id.map(|n| format!("&need={n}")).unwrap_or_default()
    );
    let name = s.name.clone();
    view! {
        <li class="match" aria-labelledby=format!("match-{}", s.partner_id)>
            <div class="match-head">
                <h3 id=heading><a href=format!("/staff/partners/{}", s.partner_id)>{s.name.clone()}</a></h3>
                <p class="score"><strong>{s.score}</strong><span>" / 100"</span></p>
            </div>
            <meter class="score-bar" min="0" max="100" low="40" high="70" optimum="100" value=s.score
                aria-label=format!("Score of {name}: {} out of 100", s.score)>{format!("{} / 100", s.score)}</meter>
            <FactorList factors=s.factors />
            <p class="match-actions"><a class="button small" href=draft aria-label=format!("Draft ask to {name}")>"Draft ask"</a></p>
        </li>
    }
}

/// The per-factor explanation: points and the reason, in words.
#[component]
pub fn FactorList(factors: Vec<Factor>) -> impl IntoView {
    view! {
        <ul class="factors">
            {factors.into_iter().map(|f| {
                let points = if f.points > 0 { format!("+{}", f.points) } else { f.points.to_string() };
                let class = if f.points < 0 { "factor minus" } else if f.points == 0 { "factor zero" } else { "factor" };
                view! {
                    <li class=class>
                        <span class="points" title=f.kind.label()>{points}</span>
                        " "
                        <span class="reason">{f.reason}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The partners not suggested, and why.
#[component]
pub fn LeftOutList(left_out: Vec<LeftOut>, total: usize) -> impl IntoView {
    let shown = left_out.len();
    view! {
        <details class="left-out">
            <summary>{format!("Not suggested ({total})")}</summary>
            {(total > shown).then(|| view! { <p>{format!("The first {shown} by name:")}</p> })}
            <ul>
                {left_out.into_iter().map(|l| view! {
                    <li><a href=format!("/staff/partners/{}", l.partner_id)>{l.name}</a>{format!(": {}", l.reason)}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}
