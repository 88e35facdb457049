//! The list table every staff list uses: a scrollable wrapper, a caption, column headings with
//! their scope, and the rows a page brings.

use leptos::prelude::*;

/// How a column's heading is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    /// Right-aligned, like the numbers under it.
    Number,
    /// Heard by screen readers only (a column of buttons).
    Unseen,
}

/// One column heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Col {
    heading: &'static str,
    kind: Kind,
}

/// A column of text.
pub const fn col(heading: &'static str) -> Col {
    Col {
        heading,
        kind: Kind::Text,
    }
}

/// A column of numbers.
pub const fn num(heading: &'static str) -> Col {
    Col {
        heading,
        kind: Kind::Number,
    }
}

/// A column whose heading only screen readers announce (actions).
pub const fn unseen(heading: &'static str) -> Col {
    Col {
        heading,
        kind: Kind::Unseen,
    }
}

/// A table of records. The caption names the table for screen readers (and is shown when
/// `show_caption`); the rows are the children, one `<tr>` each.
#[component]
pub fn ListTable(
    caption: &'static str,
    columns: Vec<Col>,
    /// A class on the `<table>` for its own column widths.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] show_caption: bool,
    children: Children,
) -> impl IntoView {
    let headings = columns
        .into_iter()
        .map(|c| match c.kind {
            Kind::Text => view! { <th scope="col">{c.heading}</th> }.into_any(),
            Kind::Number => view! { <th scope="col" class="num">{c.heading}</th> }.into_any(),
            Kind::Unseen => view! {
                <th scope="col"><span class="visually-hidden">{c.heading}</span></th>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class=(!class.is_empty()).then_some(class)>
                <caption class=(!show_caption).then_some("visually-hidden")>{caption}</caption>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
