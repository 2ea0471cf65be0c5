//! The jump list: the places left by jumps (`g`, `G`, `:`, a search, `n` / `N`, `]` / `[`,
//! the outline, the panel, a saved place restored), as text offsets. `Backspace` / `Ctrl-o`
//! go back and `Ctrl-n` forward again, as vim's `Ctrl-o` / `Ctrl-i` do: going back and then
//! jumping elsewhere drops the places ahead. Page turns are not jumps.

use crate::document::TextPos;

/// Most places kept behind; the oldest go first.
pub const MAX_JUMPS: usize = 100;

/// Places behind and ahead of the reader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jumps {
    /// The latest last.
    back: Vec<TextPos>,
    /// The nearest last.
    ahead: Vec<TextPos>,
}

impl Jumps {
    /// A jump from `from` landed at `to`: `from` is remembered and the places ahead are
    /// dropped. A jump that did not move is none.
    pub fn left(&mut self, from: TextPos, to: TextPos) {
        if from == to {
            return;
        }
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > MAX_JUMPS {
                self.back.remove(0);
            }
        }
        self.ahead.clear();
    }

    /// Back from `here`: the place to go to, `here` kept ahead.
    pub fn back(&mut self, here: TextPos) -> Option<TextPos> {
        let to = self.back.pop()?;
        self.ahead.push(here);
        Some(to)
    }

    /// Forward again from `here`: the place to go to, `here` kept behind.
    pub fn forward(&mut self, here: TextPos) -> Option<TextPos> {
        let to = self.ahead.pop()?;
        self.back.push(here);
        Some(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_as_vim_and_a_new_jump_drops_the_places_ahead() {
        let mut j = Jumps::default();
        j.left(TextPos(0), TextPos(100));
        j.left(TextPos(100), TextPos(500));
        assert_eq!(j.back(TextPos(500)), Some(TextPos(100)));
        assert_eq!(j.back(TextPos(100)), Some(TextPos(0)));
        assert_eq!(j.back(TextPos(0)), None);
        assert_eq!(j.forward(TextPos(0)), Some(TextPos(100)));
        // A jump from here drops 500, which was ahead.
        j.left(TextPos(100), TextPos(300));
        assert_eq!(j.forward(TextPos(300)), None);
        assert_eq!(j.back(TextPos(300)), Some(TextPos(100)));
        // A jump that does not move is not remembered.
        let mut j = Jumps::default();
        j.left(TextPos(7), TextPos(7));
        assert_eq!(j.back(TextPos(7)), None);
    }

    #[test]
    fn the_list_is_bounded_and_keeps_the_latest() {
        let mut j = Jumps::default();
        for i in 0..MAX_JUMPS + 20 {
            j.left(TextPos(i), TextPos(i + 1));
        }
        let mut here = TextPos(MAX_JUMPS + 20);
        let mut steps = 0;
        while let Some(to) = j.back(here) {
            here = to;
            steps += 1;
        }
        assert_eq!(steps, MAX_JUMPS);
        assert_eq!(here, TextPos(20));
    }
}
