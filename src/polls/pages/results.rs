//! Results as a bar chart with the numbers written on it, and as a table.

use leptos::prelude::*;

use crate::polls::rules::{leaders, Results};
use crate::ui::table::{col, num, ListTable};

/// Height of one bar row in the chart, in SVG units.
const ROW: u32 = 44;
/// Width of the chart, in SVG units.
const WIDTH: u32 = 600;

/// `n` people, in words.
fn people(n: i64) -> String {
    if n == 1 {
        "1 person voted".into()
    } else {
        format!("{n} people voted")
    }
}

/// A percentage as text: one decimal, no trailing ".0".
pub fn percent(p: f64) -> String {
    let s = format!("{p:.1}");
    s.strip_suffix(".0").map(String::from).unwrap_or(s)
}

/// The chart and the table of one poll's results.
#[component]
pub fn ResultsView(results: Results) -> impl IntoView {
    let top = leaders(&results);
    let height = ROW * results.options.len() as u32;
    let summary = results
        .options
        .iter()
        .map(|t| format!("{}: {} ({}%)", t.label, t.votes, percent(t.percent)))
        .collect::<Vec<_>>()
        .join("; ");
    let bars = results
        .options
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = i as u32 * ROW;
            let w = ((t.percent / 100.0) * f64::from(WIDTH)).round().max(2.0);
            let lead = top.contains(&t.option_id);
            view! {
                <g>
                    <text x="0" y=y + 14 class="bar-label">{t.label.clone()}</text>
                    <rect x="0" y=y + 20 width=w height="16" rx="3" class=if lead { "bar lead" } else { "bar" } />
                    <text x=WIDTH y=y + 14 text-anchor="end" class="bar-value">
                        {format!("{} · {}%", t.votes, percent(t.percent))}
                    </text>
                </g>
            }
        })
        .collect_view();
    let rows = results
        .options
        .iter()
        .map(|t| {
            let lead = top.contains(&t.option_id);
            view! {
                <tr class:lead=lead>
                    <th scope="row">{t.label.clone()}{lead.then_some(" (most votes)")}</th>
                    <td class="num">{t.votes}</td>
                    <td class="num">{format!("{}%", percent(t.percent))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="results" aria-live="polite">
            <p class="results-total">{people(results.ballots)}</p>
            <figure class="chart">
                <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="chart-title" aria-describedby="chart-desc" preserveAspectRatio="xMinYMin meet">
                    <title id="chart-title">"Votes per option"</title>
                    <desc id="chart-desc">{summary}</desc>
                    {bars}
                </svg>
            </figure>
            <ListTable caption="Votes per option" columns=vec![col("Option"), num("Votes"), num("Share of voters")] show_caption=true>{rows}
            </ListTable>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_counts_read_naturally() {
        assert_eq!(percent(50.0), "50");
        assert_eq!(percent(33.3), "33.3");
        assert_eq!(people(1), "1 person voted");
        assert_eq!(people(0), "0 people voted");
    }
}
