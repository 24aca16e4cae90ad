//! The installer: `cookie-charter install`, `uninstall` and `doctor` in a
//! throw-away HOME, and `scripts/install.sh` on top of them. Every manifest
//! written is checked the way a browser uses it: parsed, its `path` started
//! with that browser's arguments, and asked `hello`.
//!
//! Unix only: the folders are those of Linux, and modes are Unix modes.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

use serde_json::{json, Value};

use crate::support::{binary, frame};

const MANIFEST: &str = "org.cookie_charter.host.json";
const GECKO_ID: &str = "cookie-charter@cookie-charter.org";

/// The six user folders of DESIGN.md, relative to HOME.
const USER_FOLDERS: [(&str, &str); 6] = [
    ("chrome", ".config/google-chrome/NativeMessagingHosts"),
    ("chromium", ".config/chromium/NativeMessagingHosts"),
    (
        "brave",
        ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ),
    ("edge", ".config/microsoft-edge/NativeMessagingHosts"),
    ("vivaldi", ".config/vivaldi/NativeMessagingHosts"),
    ("firefox", ".mozilla/native-messaging-hosts"),
];

/// A throw-away HOME and the binary run inside it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(binary()).args(args))
    }

    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("HOME", self.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME");
        command
    }

    fn manifest(&self, browser: &str) -> PathBuf {
        let (_, folder) = USER_FOLDERS.iter().find(|(name, _)| *name == browser).unwrap();
        self.path().join(folder).join(MANIFEST)
    }

    fn installed_binary(&self) -> PathBuf {
        self.path().join(".local/share/cookie-charter/cookie-charter")
    }

    /// Every path below HOME, with the bytes and mtime of each file.
    fn tree(&self) -> BTreeMap<PathBuf, Option<(Vec<u8>, SystemTime)>> {
        let mut tree = BTreeMap::new();
        let mut pending = vec![self.path().to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let metadata = std::fs::metadata(&path).unwrap();
                if metadata.is_dir() {
                    pending.push(path.clone());
                    tree.insert(path, None);
                } else {
                    let content = (std::fs::read(&path).unwrap(), metadata.modified().unwrap());
                    tree.insert(path, Some(content));
                }
            }
        }
        tree
    }

    fn files(&self) -> Vec<PathBuf> {
        self.tree()
            .into_iter()
            .filter(|(_, file)| file.is_some())
            .map(|(path, _)| path)
            .collect()
    }
}

struct Run {
    success: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(command: &mut Command) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = command.output().expect("the command runs");
        Run {
            success: status.success(),
            code: status.code(),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }

    fn ok(self) -> Run {
        assert!(self.success, "failed:\n{}\n{}", self.stdout, self.stderr);
        self
    }

    /// The report lines of one subject ("chrome", "binary"...).
    fn lines_of(&self, subject: &str) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| line.split_whitespace().next() == Some(subject))
            .collect()
    }
}

/// The Chrome id, derived here independently of the build script, with the
/// recipe of browser-e2e.md: `base64 -d | sha256sum`, 32 hex digits, 0-f -> a-p.
fn expected_extension_id() -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/manifest.json");
    let manifest: Value = serde_json::from_slice(&std::fs::read(manifest).unwrap()).unwrap();
    let mut shell = Command::new("sh")
        .args(["-c", "base64 -d | sha256sum"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    shell
        .stdin
        .take()
        .unwrap()
        .write_all(manifest["key"].as_str().unwrap().as_bytes())
        .unwrap();
    let output = shell.wait_with_output().unwrap();
    String::from_utf8(output.stdout).unwrap()[..32]
        .chars()
        .map(|digit| char::from(b'a' + digit.to_digit(16).unwrap() as u8))
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Starts `program` as a browser would and asks it hello.
fn hello_from(program: &Path, args: &[&str]) -> Value {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(program.parent().unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", program.display()));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&frame(br#"{"type":"hello","id":1}"#)).unwrap();
    drop(stdin);
    let mut answer = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut answer).unwrap();
    assert!(child.wait().unwrap().success());
    let length = u32::from_ne_bytes(answer[..4].try_into().unwrap()) as usize;
    assert_eq!(answer.len(), 4 + length, "one frame, nothing else");
    serde_json::from_slice(&answer[4..]).unwrap()
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o111 != 0
}

#[test]
fn every_browser_gets_a_manifest_that_starts_the_host() {
    let home = Home::new();
    let run = home.run(&["install", "--browser", "all"]).ok();
    let id = expected_extension_id();
    for (browser, _) in USER_FOLDERS {
        let manifest_path = home.manifest(browser);
        let manifest = read_json(&manifest_path);
        assert_eq!(manifest["name"], "org.cookie_charter.host", "{browser}");
        assert_eq!(manifest["type"], "stdio", "{browser}");
        assert!(!manifest["description"].as_str().unwrap().is_empty());
        let path = PathBuf::from(manifest["path"].as_str().unwrap());
        assert!(path.is_absolute(), "{browser}: {}", path.display());
        assert_eq!(path, home.installed_binary(), "{browser}");
        assert!(is_executable(&path), "{browser}: {}", path.display());
        let origin = format!("chrome-extension://{id}/");
        let arguments: Vec<&str> = if browser == "firefox" {
            assert_eq!(manifest["allowed_extensions"], json!([GECKO_ID]));
            assert!(manifest.get("allowed_origins").is_none());
            vec![manifest_path.to_str().unwrap(), GECKO_ID]
        } else {
            assert_eq!(manifest["allowed_origins"], json!([origin]), "{browser}");
            assert!(manifest.get("allowed_extensions").is_none());
            vec![&origin]
        };
        let answer = hello_from(&path, &arguments);
        assert_eq!(answer["type"], "hello", "{browser}: {answer}");
        assert_eq!(answer["id"], 1);
        assert_eq!(answer["protocol"], 1);
        assert_eq!(
            run.lines_of(browser)[0].split_whitespace().nth(1),
            Some("wrote"),
            "{}",
            run.stdout
        );
        assert!(
            run.lines_of(browser)
                .iter()
                .any(|line| line.contains(" ok ") && line.contains("answers hello")),
            "{}",
            run.stdout
        );
    }
    assert_eq!(
        std::fs::read(home.installed_binary()).unwrap(),
        std::fs::read(binary()).unwrap(),
        "install copies itself"
    );
}

#[test]
fn a_second_install_changes_nothing_and_says_so() {
    let home = Home::new();
    home.run(&["install", "--browser", "all"]).ok();
    let before = home.tree();
    let run = home.run(&["install", "--browser", "all"]).ok();
    assert_eq!(home.tree(), before, "bytes and mtimes are unchanged");
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert!(!run.stdout.contains("wrote"), "{}", run.stdout);
}

#[test]
fn dry_run_prints_every_file_and_writes_nothing() {
    let home = Home::new();
    let before = home.tree();
    let run = home.run(&["install", "--browser", "all", "--dry-run"]).ok();
    assert_eq!(home.tree(), before);
    let planned: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split("would write").nth(1))
        .map(str::trim)
        .collect();
    let mut expected = vec![home.installed_binary()];
    expected.extend(USER_FOLDERS.iter().map(|(browser, _)| home.manifest(browser)));
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(planned, expected);
    assert!(
        run.stdout.ends_with("dry run: nothing was changed\n"),
        "{}",
        run.stdout
    );

    home.run(&["install", "--browser", "chrome"]).ok();
    let before = home.tree();
    let run = home.run(&["uninstall", "--dry-run"]).ok();
    assert_eq!(home.tree(), before);
    assert!(run
        .stdout
        .contains(&format!("would remove {}", home.manifest("chrome").display())));
    assert!(run
        .stdout
        .contains(&format!("would remove {}", home.installed_binary().display())));
}

#[test]
fn uninstall_leaves_nothing_of_ours() {
    let home = Home::new();
    home.run(&["install", "--browser", "all"]).ok();
    let run = home.run(&["uninstall"]).ok();
    assert_eq!(home.files(), Vec::<PathBuf>::new(), "{}", run.stdout);
    // Only the XDG base folders stay; every folder below them was ours.
    let folders: Vec<PathBuf> = home.tree().into_keys().collect();
    let bases: Vec<PathBuf> = [".config", ".local", ".local/share"]
        .iter()
        .map(|f| home.path().join(f))
        .collect();
    assert_eq!(folders, bases);
    assert_eq!(run.stdout.matches("removed").count(), 7, "{}", run.stdout);

    let again = home.run(&["uninstall"]).ok();
    assert!(again.stdout.contains("nothing removed"), "{}", again.stdout);
}

#[test]
fn a_foreign_manifest_of_our_name_is_left_alone_with_a_warning() {
    let home = Home::new();
    home.run(&["install", "--browser", "chrome"]).ok();
    let foreign = home.manifest("firefox");
    std::fs::create_dir_all(foreign.parent().unwrap()).unwrap();
    let content =
        r#"{"name":"org.cookie_charter.host","type":"stdio","path":"/opt/elsewhere/cookie-charter"}"#;
    std::fs::write(&foreign, content).unwrap();

    let refused = home.run(&["install", "--browser", "chrome", "--browser", "firefox"]);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains(&foreign.display().to_string()),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("did not write"), "{}", refused.stderr);
    assert!(
        refused.stdout.is_empty(),
        "refused before any change: {}",
        refused.stdout
    );

    let run = home.run(&["uninstall"]).ok();
    assert_eq!(std::fs::read_to_string(&foreign).unwrap(), content);
    let warning = run.lines_of("firefox").concat();
    assert!(
        warning.contains("warning") && warning.contains("/opt/elsewhere"),
        "{}",
        run.stdout
    );
    assert!(!home.manifest("chrome").exists());
    assert!(!home.installed_binary().exists());
}

#[test]
fn uninstalling_one_browser_keeps_the_binary_the_others_use() {
    let home = Home::new();
    home.run(&["install", "--browser", "chrome", "--browser", "firefox"])
        .ok();
    let run = home.run(&["uninstall", "--browser", "chrome"]).ok();
    assert!(!home.manifest("chrome").exists());
    assert!(home.manifest("firefox").exists());
    assert!(home.installed_binary().exists(), "{}", run.stdout);
    assert!(run.lines_of("binary")[0].contains("kept"), "{}", run.stdout);
}

#[test]
fn default_browsers_are_those_whose_profile_folder_exists() {
    let planned = |home: &Home| -> Vec<String> {
        let run = home.run(&["install", "--dry-run"]).ok();
        run.stdout
            .lines()
            .filter(|line| line.contains("would write") && !line.starts_with("binary"))
            .map(|line| line.split_whitespace().next().unwrap().to_owned())
            .collect()
    };
    let home = Home::new();
    assert_eq!(planned(&home), ["chrome", "firefox"]);
    std::fs::create_dir_all(home.path().join(".config/chromium")).unwrap();
    assert_eq!(planned(&home), ["chromium"]);
    std::fs::create_dir_all(home.path().join(".mozilla/firefox")).unwrap();
    assert_eq!(planned(&home), ["chromium", "firefox"]);
}

#[test]
fn xdg_folders_are_honoured() {
    let home = Home::new();
    let config = home.path().join("cfg");
    let data = home.path().join("data");
    let run = Run::of(
        home.command(binary())
            .args(["install", "--browser", "chromium"])
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data),
    )
    .ok();
    let manifest = read_json(&config.join("chromium/NativeMessagingHosts").join(MANIFEST));
    assert_eq!(
        manifest["path"],
        data.join("cookie-charter/cookie-charter").to_str().unwrap()
    );
    assert!(run.stdout.contains("answers hello"));
}

#[test]
fn a_chromium_profile_gets_its_own_manifest() {
    let home = Home::new();
    let profile = tempfile::tempdir().unwrap();
    let profile_arg = profile.path().to_str().unwrap();
    home.run(&["install", "--chromium-profile", profile_arg]).ok();
    let manifest = profile.path().join("NativeMessagingHosts").join(MANIFEST);
    assert_eq!(
        read_json(&manifest)["path"],
        home.installed_binary().to_str().unwrap()
    );
    assert!(
        !home.manifest("chrome").exists(),
        "only the profile was asked for"
    );
    let doctor = home.run(&["doctor", "--chromium-profile", profile_arg]).ok();
    assert!(
        doctor
            .stdout
            .contains(&format!("{}: cookie-charter", manifest.display())),
        "{}",
        doctor.stdout
    );
    home.run(&["uninstall", "--chromium-profile", profile_arg]).ok();
    assert!(!manifest.exists());
    assert!(profile.path().is_dir(), "the profile itself is not ours");
}

#[test]
fn extension_ids_are_checked_then_allowed() {
    let home = Home::new();
    let bad = home.run(&["install", "--extension-id", "not-an-id"]);
    assert_eq!(bad.code, Some(2), "a usage error");
    assert!(bad.stderr.contains("32 letters a to p"), "{}", bad.stderr);
    let store = "abcdefghijklmnopabcdefghijklmnop";
    home.run(&["install", "--browser", "edge", "--extension-id", store])
        .ok();
    let origins = read_json(&home.manifest("edge"))["allowed_origins"].clone();
    assert_eq!(
        origins,
        json!([
            format!("chrome-extension://{}/", expected_extension_id()),
            format!("chrome-extension://{store}/")
        ])
    );
}

#[test]
fn doctor_tells_a_healthy_install_from_a_broken_one() {
    let home = Home::new();
    let nothing = home.run(&["doctor"]);
    assert_eq!(nothing.code, Some(1));
    assert!(
        nothing.stderr.contains("registered with no browser"),
        "{}",
        nothing.stderr
    );

    home.run(&["install", "--browser", "chrome", "--browser", "firefox"])
        .ok();
    let healthy = home.run(&["doctor"]).ok();
    assert!(
        healthy.stdout.contains("2 registrations, all healthy"),
        "{}",
        healthy.stdout
    );
    assert!(
        healthy.lines_of("chromium")[0].contains("not registered"),
        "{}",
        healthy.stdout
    );

    let binary = home.installed_binary();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o644)).unwrap();
    let broken = home.run(&["doctor"]);
    assert_eq!(broken.code, Some(1));
    assert!(
        broken.lines_of("chrome")[0].contains("is not executable"),
        "{}",
        broken.stdout
    );
    assert!(
        broken
            .stdout
            .contains("fix          run scripts/install.sh --browser chrome"),
        "{}",
        broken.stdout
    );

    std::fs::remove_file(home.installed_binary()).unwrap();
    let broken = home.run(&["doctor"]);
    assert_eq!(broken.code, Some(1));
    assert!(
        broken.lines_of("firefox")[0].contains("host not found"),
        "{}",
        broken.stdout
    );
    assert!(
        broken.stderr.contains("2 of the registrations above do not work"),
        "{}",
        broken.stderr
    );

    home.run(&["install", "--browser", "chrome", "--browser", "firefox"])
        .ok();
    let manifest = home.manifest("chrome");
    let mut wrong_id = read_json(&manifest);
    wrong_id["allowed_origins"] = json!([format!("chrome-extension://{}", expected_extension_id())]);
    std::fs::write(&manifest, wrong_id.to_string()).unwrap();
    let broken = home.run(&["doctor"]);
    assert!(
        broken.lines_of("chrome")[0].contains("trailing slash"),
        "{}",
        broken.stdout
    );
}

#[test]
fn a_folder_in_the_way_is_refused_before_any_change() {
    let home = Home::new();
    std::fs::write(home.path().join(".mozilla"), "a file where a folder should be").unwrap();
    let before = home.tree();
    let run = home.run(&["install", "--browser", "chrome", "--browser", "firefox"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(".mozilla' is not writable"), "{}", run.stderr);
    assert_eq!(home.tree(), before, "never half an install");
}

#[test]
fn sandboxed_browsers_are_explained() {
    let home = Home::new();
    std::fs::create_dir_all(home.path().join("snap/chromium/common")).unwrap();
    let run = home.run(&["install", "--browser", "chromium", "--dry-run"]).ok();
    let note = run.lines_of("chromium").concat();
    assert!(note.contains("note") && note.contains("snap"), "{}", run.stdout);
}

/// The README's first command, end to end: builds the release binary (slow
/// the first time), then hands over with the same options.
#[test]
fn install_script_dry_run_in_a_throwaway_home() {
    let home = Home::new();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/install.sh");
    let before = home.tree();
    let mut command = home.command(&script);
    // The build still needs the toolchain and the crates kept in the real HOME.
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap());
    for (variable, default) in [("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup")] {
        let value = std::env::var_os(variable).map_or_else(|| real_home.join(default), PathBuf::from);
        command.env(variable, value);
    }
    let run = Run::of(command.args(["--dry-run", "--browser", "all"])).ok();
    assert_eq!(home.tree(), before);
    assert_eq!(run.stdout.matches("would write").count(), 7, "{}", run.stdout);
    assert!(run
        .stdout
        .contains(&home.manifest("vivaldi").display().to_string()));

    // A PATH with what the script needs before the build, and no cargo.
    let tools = tempfile::tempdir().unwrap();
    for tool in ["bash", "dirname"] {
        let found = std::env::split_paths(&std::env::var_os("PATH").unwrap())
            .map(|folder| folder.join(tool))
            .find(|path| path.is_file())
            .unwrap();
        std::os::unix::fs::symlink(found, tools.path().join(tool)).unwrap();
    }
    let no_cargo = Run::of(home.command(&script).env("PATH", tools.path()).arg("--dry-run"));
    assert_eq!(no_cargo.code, Some(1));
    assert!(
        no_cargo.stderr.contains("cargo is missing"),
        "{}",
        no_cargo.stderr
    );
}

/// Threat model: only the listed extensions may start the host. Browsers
/// take `allowed_origins` and `allowed_extensions` literally, but a
/// wildcard, a pattern or an origin without its id would let any extension in.
#[test]
fn every_manifest_lists_exact_ids_never_wildcards() {
    let home = Home::new();
    for wildcard in [
        "*",
        "chrome-extension://*/",
        "abcdefghijklmnopabcdefghijklmno*",
        "",
    ] {
        let refused = home.run(&["install", "--extension-id", wildcard]);
        assert_eq!(refused.code, Some(2), "--extension-id {wildcard:?} is refused");
    }
    home.run(&[
        "install",
        "--browser",
        "all",
        "--extension-id",
        "abcdefghijklmnopabcdefghijklmnop",
    ])
    .ok();
    for (browser, _) in USER_FOLDERS {
        let manifest = read_json(&home.manifest(browser));
        let allowed = manifest
            .get("allowed_origins")
            .or_else(|| manifest.get("allowed_extensions"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{browser}: {manifest}"));
        assert!(!allowed.is_empty(), "{browser}");
        for id in allowed {
            let id = id.as_str().unwrap();
            let exact = if browser == "firefox" {
                id == GECKO_ID
            } else {
                id.strip_prefix("chrome-extension://")
                    .and_then(|rest| rest.strip_suffix('/'))
                    .is_some_and(|id| id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b)))
            };
            assert!(exact, "{browser}: {id:?} is not one exact extension id");
        }
    }
}
