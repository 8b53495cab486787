; Smoke compile of build/installer.nsh outside electron-builder (it cannot package here):
;   makensis -WX -DOUT=/tmp/installer.exe build/installer-smoke.nsi
;   makensis -WX -DOUT=/tmp/uninstaller.exe -DBUILD_UNINSTALLER build/installer-smoke.nsi
; Same order as electron-builder's template: the include first, then MUI2 and the languages,
; customHeader, .onInit with preInit, the pages, the sections. Warnings are errors, as in electron-builder (warningsAsErrors).
Unicode true
!include "installer.nsh"
!include "MUI2.nsh"
!include "LogicLib.nsh"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\OptiPlan360"
RequestExecutionLevel user
!ifndef BUILD_UNINSTALLER
  !insertmacro MUI_PAGE_DIRECTORY
  !insertmacro customPageAfterChangeDir
  !insertmacro MUI_PAGE_INSTFILES
!else
  !insertmacro MUI_UNPAGE_INSTFILES
!endif
!insertmacro MUI_LANGUAGE "Turkish"
!insertmacro MUI_LANGUAGE "English"
!insertmacro customHeader
Function .onInit
  !insertmacro preInit
FunctionEnd
!ifndef BUILD_UNINSTALLER
Section "install"
  SetOutPath "$INSTDIR"
  !insertmacro customInstall
SectionEnd
!else
Section "install"
  WriteUninstaller "$INSTDIR\uninstall.exe"
SectionEnd
Section "uninstall"
  !insertmacro customUnInstall
SectionEnd
!endif
