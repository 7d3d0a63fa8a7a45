//! Remembered settings: theme, font size, last page and scroll position. One JSON file in
//! the app data dir, written atomically so a crash mid-write never leaves half a file.

use std::path::{Path, PathBuf};

use atlas_model::Settings;

use crate::error::AppError;

/// Where the settings live.
pub(crate) struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub(crate) fn new(data_dir: &Path) -> Self {
        SettingsFile {
            path: data_dir.join("settings.json"),
        }
    }

    /// A missing or unreadable file gives the defaults: settings are a convenience, never a
    /// reason not to start.
    pub(crate) fn load(&self) -> Settings {
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

    pub(crate) fn save(&self, settings: &Settings) -> Result<(), AppError> {
        settings
            .validate()
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let err = |e: std::io::Error| AppError::Settings(e.to_string());
        let dir = self.path.parent().expect("settings path has a parent");
        std::fs::create_dir_all(dir).map_err(err)?;
        let json =
            serde_json::to_vec_pretty(settings).map_err(|e| AppError::Settings(e.to_string()))?;
        // A temp file beside the target, renamed over it: a crash leaves the old file whole.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
        std::io::Write::write_all(&mut tmp, &json).map_err(err)?;
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&self.path).map_err(|e| err(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::Theme;

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
