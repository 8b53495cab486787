; NSIS include for electron-builder (nsis.include in electron-builder.yml). Adds the installer's
; "optiplan360 command on PATH" option: a checkbox page after the folder choice (on by default),
; and for a silent install (/S) the same default unless /NOPATH is given. The folder put on the
; user's PATH is resources\cli, which holds optiplan360.cmd (the CLI shim) and nothing else that
; could shadow another program. PATH is edited by path-entry.ps1, not by NSIS string functions,
; which truncate long values. The uninstaller removes the entry again.
;
; electron-builder compiles this file twice (installer, then uninstaller with BUILD_UNINSTALLER)
; and treats warnings as errors: what only the installer uses is defined only there, and the
; texts are declared in customHeader, which the template expands after the languages exist.

; The include comes before the template's own MUI2 and LogicLib (both guard against a second include).
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"

!ifndef BUILD_UNINSTALLER
  Var OptiAddToPath
  Var OptiPathCheckbox
!endif

!macro customHeader
  !ifndef BUILD_UNINSTALLER
    LangString OptiPathTitle ${LANG_TURKISH} "Komut satırı"
    LangString OptiPathTitle ${LANG_ENGLISH} "Command line"
    LangString OptiPathText ${LANG_TURKISH} "optiplan360 komutu (yedekleme, sağlık, tanılama) Görev Zamanlayıcı'dan ve komut isteminden çalıştırılabilsin mi?"
    LangString OptiPathText ${LANG_ENGLISH} "Should the optiplan360 command (backup, health, diagnostics) be available to Task Scheduler and the command prompt?"
    LangString OptiPathBox ${LANG_TURKISH} "optiplan360 komutunu PATH'e ekle"
    LangString OptiPathBox ${LANG_ENGLISH} "Add the optiplan360 command to PATH"
  !endif
!macroend

!macro preInit
  !ifndef BUILD_UNINSTALLER
    StrCpy $OptiAddToPath "1"
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/NOPATH" $R1
    ${IfNot} ${Errors}
      StrCpy $OptiAddToPath "0"
    ${EndIf}
  !endif
!macroend

!macro customPageAfterChangeDir
  Page custom OptiPathPage OptiPathPageLeave
!macroend

!ifndef BUILD_UNINSTALLER
Function OptiPathPage
  !insertmacro MUI_HEADER_TEXT "$(OptiPathTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 36u "$(OptiPathText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 44u 100% 12u "$(OptiPathBox)"
  Pop $OptiPathCheckbox
  ${If} $OptiAddToPath == "1"
    ${NSD_Check} $OptiPathCheckbox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function OptiPathPageLeave
  ${NSD_GetState} $OptiPathCheckbox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $OptiAddToPath "1"
  ${Else}
    StrCpy $OptiAddToPath "0"
  ${EndIf}
FunctionEnd
!endif

!macro customInstall
  ${If} $OptiAddToPath == "1"
    nsExec::ExecToLog '"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "$INSTDIR\resources\cli\path-entry.ps1" add "$INSTDIR\resources\cli"'
    Pop $0
  ${EndIf}
!macroend

!macro customUnInstall
  nsExec::ExecToLog '"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "$INSTDIR\resources\cli\path-entry.ps1" remove "$INSTDIR\resources\cli"'
  Pop $0
!macroend
