//! The reader's remembered settings and their bounds. The UI's copies of the
//! bounds are generated from here (`ui/src/limits.gen.js`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the system's preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Theme, font size, last page and scroll position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// The colour theme.
    pub theme: Theme,
    /// Reading font size in CSS pixels, [`Settings::FONT_MIN`] to [`Settings::FONT_MAX`].
    pub font_size: u8,
    /// The key of the book `last_route` belongs to.
    pub last_book: Option<String>,
    /// The last page read, as an app route (`#/part/page.md#anchor`).
    pub last_route: Option<String>,
    /// How far that page was scrolled, in pixels.
    pub last_scroll: f64,
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidSettings(pub &'static str);

impl Settings {
    /// The smallest font size.
    pub const FONT_MIN: u8 = 12;
    /// The largest font size.
    pub const FONT_MAX: u8 = 26;
    /// The font size of a new install.
    pub const FONT_DEFAULT: u8 = 16;
    /// Routes are short; anything longer is not one of ours.
    pub const ROUTE_MAX: usize = 2048;

    /// Rejects values the UI would never send, so a bad file cannot be written.
    pub fn validate(&self) -> Result<(), InvalidSettings> {
        if !(Self::FONT_MIN..=Self::FONT_MAX).contains(&self.font_size) {
            return Err(InvalidSettings("the font size is out of range"));
        }
        if self
            .last_route
            .as_ref()
            .is_some_and(|r| r.len() > Self::ROUTE_MAX || !r.starts_with("#/"))
        {
            return Err(InvalidSettings("the last page is not a route of this app"));
        }
        if !self.last_scroll.is_finite() || self.last_scroll < 0.0 {
            return Err(InvalidSettings("the scroll position is not a number"));
        }
        Ok(())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::System,
            font_size: Self::FONT_DEFAULT,
            last_book: None,
            last_route: None,
            last_scroll: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bounds_hold() {
        assert_eq!(Settings::default().validate(), Ok(()));
        for (size, ok) in [(11, false), (12, true), (26, true), (27, false)] {
            let s = Settings {
                font_size: size,
                ..Settings::default()
            };
            assert_eq!(s.validate().is_ok(), ok, "font size {size}");
        }
        let s = Settings {
            last_route: Some("javascript:alert(1)".into()),
            ..Settings::default()
        };
        assert!(s.validate().is_err());
    }
}
