//! Replacing an index folder as a whole.

use std::path::Path;

use crate::error::BuildError;

/// Writes into a fresh folder beside `out` and swaps it in only when complete,
/// so a reader never sees half an index and a failed build keeps the old one.
/// The temporary folders are removed on every path (`tempfile` cleans up on drop).
pub(crate) fn replace_atomically(
    out: &Path,
    write: impl FnOnce(&Path) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| BuildError::io(parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-"))
        .tempdir_in(parent)
        .map_err(|e| BuildError::io(parent, e))?;
    write(tmp.path())?;
    // The old folder moves aside into a temp dir of its own, which drops (and is
    // removed) once the new one is in place; if the swap fails it moves back.
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)
        .map_err(|e| BuildError::io(parent, e))?;
    let aside = old.path().join(&name);
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &aside).map_err(|e| BuildError::io(out, e))?;
    }
    let fresh = tmp.keep();
    if let Err(e) = std::fs::rename(&fresh, out) {
        if had_old {
            let _ = std::fs::rename(&aside, out);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(BuildError::io(out, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_folder_and_leaves_no_temp() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("index");
        replace_atomically(&out, |d| {
            std::fs::write(d.join("v"), "1").map_err(|e| BuildError::io(d, e))
        })
        .unwrap();
        let failed = replace_atomically(&out, |d| {
            Err(BuildError::io(d, std::io::Error::other("disk full")))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(out.join("v")).unwrap(), "1");
        replace_atomically(&out, |d| {
            std::fs::write(d.join("v"), "2").map_err(|e| BuildError::io(d, e))
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(out.join("v")).unwrap(), "2");
        let names: Vec<_> = std::fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("index")]);
    }
}
