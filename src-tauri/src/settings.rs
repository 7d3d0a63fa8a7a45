//! Remembered settings: theme, font size, last page and scroll position. One JSON file in
//! the app data dir, written atomically so a crash mid-write never leaves half a file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

pub const FONT_MIN: u8 = 10;
pub const FONT_MAX: u8 = 32;
/// Routes are short (`#/part/page.md#anchor`); anything longer is not one of ours.
const ROUTE_MAX: usize = 2048;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    pub font_size: u8,
    /// The key of the book `last_route` belongs to (see `library::book_key`).
    pub last_book: Option<String>,
    pub last_route: Option<String>,
    pub last_scroll: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::System,
            font_size: 16,
            last_book: None,
            last_route: None,
            last_scroll: 0.0,
        }
    }
}

impl Settings {
    /// Rejects values the UI would never send, so a bad file cannot be written.
    pub fn validate(&self) -> Result<(), AppError> {
        if !(FONT_MIN..=FONT_MAX).contains(&self.font_size) {
            return Err(AppError::Invalid(format!(
                "font size {} is out of range",
                self.font_size
            )));
        }
        if self
            .last_route
            .as_ref()
            .is_some_and(|r| r.len() > ROUTE_MAX || !r.starts_with("#/"))
        {
            return Err(AppError::Invalid(
                "the last page is not a route of this app".into(),
            ));
        }
        if !self.last_scroll.is_finite() || self.last_scroll < 0.0 {
            return Err(AppError::Invalid(
                "the scroll position is not a number".into(),
            ));
        }
        Ok(())
    }
}

/// Where the settings live.
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn new(data_dir: &Path) -> Self {
        SettingsFile {
            path: data_dir.join("settings.json"),
        }
    }

    /// A missing or unreadable file gives the defaults: settings are a convenience, never a
    /// reason not to start.
    pub fn load(&self) -> Settings {
        match std::fs::read(&self.path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(s) if s.validate().is_ok() => s,
                Ok(_) | Err(_) => {
                    tracing::warn!(path = %self.path.display(), "ignoring invalid settings file");
                    Settings::default()
                }
            },
            Err(_) => Settings::default(),
        }
    }

    pub fn save(&self, settings: &Settings) -> Result<(), AppError> {
        settings.validate()?;
        let err = |e: std::io::Error| AppError::Settings(e.to_string());
        let dir = self.path.parent().expect("settings path has a parent");
        std::fs::create_dir_all(dir).map_err(err)?;
        let json =
            serde_json::to_vec_pretty(settings).map_err(|e| AppError::Settings(e.to_string()))?;
        let tmp = dir.join(format!(".settings.json.{}.tmp", std::process::id()));
        std::fs::write(&tmp, json).map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path());
        assert_eq!(file.load(), Settings::default());
        let s = Settings {
            theme: Theme::Dark,
            font_size: 19,
            last_book: Some("abc".into()),
            last_route: Some("#/intro.md#why".into()),
            last_scroll: 120.0,
        };
        file.save(&s).unwrap();
        assert_eq!(file.load(), s);
        // No temp file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("settings.json")]);
    }

    #[test]
    fn corrupt_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.json"), b"{ not json").unwrap();
        assert_eq!(SettingsFile::new(dir.path()).load(), Settings::default());
        // Missing fields take their defaults.
        std::fs::write(dir.path().join("settings.json"), br#"{"theme":"light"}"#).unwrap();
        let s = SettingsFile::new(dir.path()).load();
        assert_eq!((s.theme, s.font_size), (Theme::Light, 16));
    }

    #[test]
    fn invalid_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path());
        let bad = Settings {
            font_size: 99,
            ..Settings::default()
        };
        assert!(matches!(file.save(&bad), Err(AppError::Invalid(_))));
        let bad = Settings {
            last_route: Some("javascript:alert(1)".into()),
            ..Settings::default()
        };
        assert!(file.save(&bad).is_err());
        assert!(!dir.path().join("settings.json").exists());
    }
}
