//! The reverse view, on a partner's page: the open needs this partner fits best.

use leptos::prelude::*;

use super::matches::FactorList;
use crate::matching::api::load_partner_fits;
use crate::ui::widgets::{ErrorView, Loading};

#[component]
pub fn PartnerFitsSection(partner_id: i64) -> impl IntoView {
    let fits = Resource::new(move || partner_id, load_partner_fits);
    view! {
        <section aria-labelledby="fits-heading">
            <h2 id="fits-heading">"Open needs it fits"</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match fits.await {
                        Ok(f) => match (f.left_out, f.fits.is_empty()) {
                            (Some(reason), _) => view! { <p>{format!("Not suggested for needs: {reason}.")}</p> }.into_any(),
                            (None, true) => view! { <p>"No open needs right now."</p> }.into_any(),
                            (None, false) => view! {
                                <ol class="matches">
                                    {f.fits.into_iter().map(|fit| {
                                        let heading = format!("fit-{}", fit.need.id);
                                        view! {
                                            <li class="match" aria-labelledby=format!("fit-{}", fit.need.id)>
                                                <div class="match-head">
                                                    <h3 id=heading><a href=format!("/staff/needs/{}", fit.need.id)>{fit.need.title}</a></h3>
                                                    <p class="score"><strong>{fit.score}</strong><span>" / 100"</span></p>
                                                </div>
                                                <p class="meta">{format!("{} · {}", fit.need.branch_name, fit.need.when)}</p>
                                                <FactorList factors=fit.factors />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any(),
                        },
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
