@echo off
rem optiplan360: the console's CLI, installed with the app (resources\cli). It runs the bundled
rem CLI with the app's own runtime in Node mode, as VS Code's code.cmd does, so Task Scheduler can
rem call "optiplan360 backup run --verify" on a PC without Node. Needs the RunAsNode fuse (electron-builder.yml).
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\OptiPlan360.exe" "%~dp0optiplan360.cjs" %*
endlocal & exit /b %ERRORLEVEL%
