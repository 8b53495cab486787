# Adds or removes one folder on the current user's PATH (the installer's "optiplan360 on PATH"
# option; build/installer.nsh runs it). Done here, not in NSIS string functions, because NSIS
# truncates strings at its maximum length and a long PATH would be cut and written back short.
# Usage: path-entry.ps1 add|remove <folder>
param([Parameter(Mandatory = $true)][ValidateSet('add', 'remove')][string]$Action, [Parameter(Mandatory = $true)][string]$Folder)
$ErrorActionPreference = 'Stop'
$current = [Environment]::GetEnvironmentVariable('Path', 'User')
if ($null -eq $current) { $current = '' }
$parts = @($current -split ';' | Where-Object { $_ -ne '' -and $_.TrimEnd('\') -ine $Folder.TrimEnd('\') })
if ($Action -eq 'add') { $parts += $Folder }
# SetEnvironmentVariable also tells running programs (Explorer, new consoles) that PATH changed.
[Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User')
