//! The keyboard: each shortcut, the command it gives, and its text beside its menu entry.

use egui::{Key, KeyboardShortcut, Modifiers};

pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const REDO_SHIFT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
/// Copy: egui turns it into a copy event; the app takes it for the view's table when no text
/// took it.
pub const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
pub const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
/// Ctrl+1 … Ctrl+7: the views in the order of the tabs.
pub const VIEWS: [KeyboardShortcut; 7] = [
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num5),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num6),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num7),
];

/// What a shortcut asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    OpenStaffing,
    SaveProject,
    ExportReport,
    Undo,
    Redo,
    Help,
    /// The view at this place among the tabs.
    View(usize),
}

/// The command pressed this frame, if any (consumed). Undo and redo stay with a text field
/// that has the keys, where they undo typing.
pub fn pressed(ctx: &egui::Context) -> Option<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        let mut take = |s: &KeyboardShortcut| i.consume_shortcut(s);
        if !typing && (take(&REDO_SHIFT) || take(&REDO)) {
            return Some(Command::Redo);
        }
        if !typing && take(&UNDO) {
            return Some(Command::Undo);
        }
        let fixed = [
            (OPEN, Command::OpenStaffing),
            (SAVE, Command::SaveProject),
            (EXPORT, Command::ExportReport),
            (HELP, Command::Help),
        ];
        if let Some((_, c)) = fixed.iter().find(|(s, _)| take(s)) {
            return Some(*c);
        }
        VIEWS.iter().position(take).map(Command::View)
    })
}

/// The shortcut as the platform writes it (Ctrl+O, ⌘O).
pub fn text(ctx: &egui::Context, shortcut: &KeyboardShortcut) -> String {
    ctx.format_shortcut(shortcut)
}
