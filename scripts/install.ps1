<#
.SYNOPSIS
Registers Cookie Charter's native host with your browsers on Windows, or takes it away.

.DESCRIPTION
The Windows twin of scripts/install.sh, and as thin: it builds the host, then
hands over to `cookie-charter install` (or `uninstall`). The binary copies
itself to %LOCALAPPDATA%\cookie-charter\, writes each browser's manifest under
%LOCALAPPDATA%\cookie-charter\manifests\<browser>\, and points the key
HKCU\Software\<browser>\NativeMessagingHosts\org.cookie_charter.host at it
(Google\Chrome, Chromium, BraveSoftware\Brave-Browser, Microsoft\Edge,
Vivaldi, Mozilla) with reg.exe. Per user only.

UNTESTED: the project has no Windows machine; the Linux install is what the
tests run. Reports are welcome.

.EXAMPLE
scripts\install.ps1 -Browser chrome,firefox
scripts\install.ps1 -Uninstall
scripts\install.ps1 -DryRun -Browser all -ExtensionId abcdefghijklmnopabcdefghijklmnop
#>
param(
    [ValidateSet('chrome', 'chromium', 'brave', 'edge', 'vivaldi', 'firefox', 'all')]
    [string[]] $Browser = @(),
    [string[]] $ExtensionId = @(),
    [switch] $Uninstall,
    [switch] $DryRun
)
$ErrorActionPreference = 'Stop'
$repo = Split-Path -Parent $PSScriptRoot

if (-not (Get-Command cargo -ErrorAction SilentlyContinue)) {
    Write-Error 'install.ps1: cargo is missing: install Rust (https://rustup.rs), then run this again'
    exit 1
}
cargo build --release --locked --manifest-path (Join-Path $repo 'Cargo.toml')
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

$arguments = @(if ($Uninstall) { 'uninstall' } else { 'install' })
foreach ($name in $Browser) { $arguments += @('--browser', $name) }
if (-not $Uninstall) {
    foreach ($id in $ExtensionId) { $arguments += @('--extension-id', $id) }
}
if ($DryRun) { $arguments += '--dry-run' }

$targetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path $repo 'target' }
& (Join-Path $targetDir 'release\cookie-charter.exe') @arguments
exit $LASTEXITCODE
