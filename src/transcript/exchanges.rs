//! Exchanges: each question with the answers that follow it.
//!
//! An exchange runs from the question's label to the end of its last answer
//! (or of the question, when nobody answered). Answers are the `answer` turns
//! after the question and before the next one; `other` turns in between (a
//! moderator's aside) are passed over.

use super::{Exchange, Role, Turn};

/// The exchanges of `turns`, in order.
pub(super) fn build(turns: &[Turn]) -> Vec<Exchange> {
    let mut out: Vec<Exchange> = Vec::new();
    for (i, turn) in turns.iter().enumerate() {
        match turn.role {
            Role::Question => out.push(Exchange {
                question: i,
                answers: Vec::new(),
                span: turn.label.start..end_of(turn),
            }),
            Role::Answer => {
                if let Some(ex) = out.last_mut() {
                    ex.answers.push(i);
                    ex.span.end = ex.span.end.max(end_of(turn));
                }
            }
            Role::Other => {}
        }
    }
    out
}

/// Where a turn ends: its body, or its label when it has no body.
fn end_of(turn: &Turn) -> usize {
    turn.body.end.max(turn.label.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(role: Role, at: usize) -> Turn {
        Turn {
            speaker: 0,
            label_name: String::new(),
            role,
            label: at..at + 2,
            body: at + 2..at + 9,
            speech: Vec::new(),
            timestamp: None,
            affiliation: None,
        }
    }

    #[test]
    fn answers_follow_their_question_past_other_turns() {
        use Role::*;
        let turns: Vec<Turn> = [
            Other, Question, Answer, Other, Answer, Question, Question, Answer,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, role)| turn(role, i * 10))
        .collect();
        let out: Vec<String> = build(&turns)
            .iter()
            .map(|ex| format!("{} -> {:?} {:?}", ex.question, ex.answers, ex.span))
            .collect();
        expect_test::expect![[r#"
            1 -> [2, 4] 10..49
            5 -> [] 50..59
            6 -> [7] 60..79"#]]
        .assert_eq(&out.join("\n"));
    }
}
