#!/usr/bin/env bash
# Build the offline bundle: yrdmap's wheel + every dependency's wheel, for installing on a
# machine with no internet and no PyPI (government intranets; Windows or Linux).
#
#   bash scripts/bundle.sh [--out DIR] [--extras db,dask] [--platforms windows,linux]
#                          [--python 3.11,3.12] [--zip]
#
# Defaults: --out dist/yrdmap-offline, no extras, both platforms (win_amd64, manylinux
# x86_64), CPython 3.11 and 3.12. Needs PyPI (or a mirror) on the machine that builds it.
# The folder holds wheels/, install.sh, install.bat, INSTALL.md (中文/English) and
# manifest.json: for every platform × Python, the wheels pip resolves from wheels/ alone
# (resolved by scripts/wheel_closure.py with each target's markers; a missing wheel fails
# the build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=dist/yrdmap-offline EXTRAS="" PLATFORMS="windows,linux" PYVERS="3.11,3.12" ZIP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --extras) EXTRAS=$2; shift 2 ;;
    --platforms) PLATFORMS=$2; shift 2 ;;
    --python) PYVERS=$2; shift 2 ;;
    --zip) ZIP=1; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "bundle.sh: error: unknown argument '$1'; accepted: --out DIR, --extras db,dask, --platforms windows,linux, --python 3.11,3.12, --zip" >&2; exit 2 ;;
  esac
done
for e in ${EXTRAS//,/ }; do
  case "$e" in db|dask) ;; *) echo "bundle.sh: error: --extras '$e' is not a team extra; accepted: db, dask" >&2; exit 2 ;; esac
done
for p in ${PLATFORMS//,/ }; do
  case "$p" in windows|linux) ;; *) echo "bundle.sh: error: --platforms '$p' is not supported; accepted: windows, linux" >&2; exit 2 ;; esac
done
for v in ${PYVERS//,/ }; do
  case "$v" in 3.11|3.12) ;; *) echo "bundle.sh: error: --python '$v' is not supported; accepted: 3.11, 3.12" >&2; exit 2 ;; esac
done
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON; elif [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
PIP=("$PY" -m pip --disable-pip-version-check)
# manylinux tags a glibc 2.28 system (RHEL/CentOS 8, Debian 10, Ubuntu 18.10 and later) runs
LINUX_TAGS=(manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_26_x86_64 manylinux_2_24_x86_64
            manylinux_2_17_x86_64 manylinux2014_x86_64 manylinux_2_12_x86_64 manylinux2010_x86_64
            manylinux_2_5_x86_64 manylinux1_x86_64)

rm -rf "$OUT"
mkdir -p "$OUT/wheels"
OUT=$(cd "$OUT" && pwd)
echo "bundle: building the yrdmap wheel" >&2
rm -rf "$ROOT/build"       # setuptools reuses build/: no stale files in the wheel
"${PIP[@]}" wheel --quiet --no-deps -w "$OUT/wheels" "$ROOT"
WHEEL=$(ls "$OUT"/wheels/yrdmap-*.whl)
REQ="$WHEEL"
[ -n "$EXTRAS" ] && REQ="$WHEEL[$EXTRAS]"
NAME_REQ="yrdmap"
[ -n "$EXTRAS" ] && NAME_REQ="yrdmap[$EXTRAS]"

platform_args() {   # $1 windows|linux
  if [ "$1" = windows ]; then echo --platform win_amd64
  else for t in "${LINUX_TAGS[@]}"; do printf -- '--platform %s ' "$t"; done; fi
}

CLOSURE=("$PY" "$ROOT/scripts/wheel_closure.py" "$OUT/wheels")
for p in ${PLATFORMS//,/ }; do
  for v in ${PYVERS//,/ }; do
    abi="cp${v/./}"
    dl=(download --quiet --only-binary=:all: $(platform_args "$p") --python-version "$v"
        --implementation cp --abi "$abi" --abi abi3 --abi none -d "$OUT/wheels")
    echo "bundle: downloading wheels for $p, CPython $v" >&2
    "${PIP[@]}" "${dl[@]}" "$REQ"
    # pip evaluates environment markers for *this* machine: add what the target's markers
    # need (e.g. colorama on Windows), until the closure is complete
    for _ in 1 2 3 4 5; do
      missing=$("${CLOSURE[@]}" --platform "$p" --python "$v" --extras "$EXTRAS" --missing || true)
      [ -z "$missing" ] && break
      echo "bundle: $p CPython $v also needs: $(echo $missing)" >&2
      # shellcheck disable=SC2086
      "${PIP[@]}" "${dl[@]}" $missing
    done
  done
done
# manifest.json: for every platform x Python, the wheels an offline install uses (fails
# the build when one is missing)
"$PY" - "$OUT" "$PLATFORMS" "$PYVERS" "$EXTRAS" "$ROOT/scripts" <<'EOF'
import json, sys
from pathlib import Path
out, platforms, pyvers, extras, scripts = sys.argv[1:]
sys.path.insert(0, scripts)
from wheel_closure import closure
root = "yrdmap" + (f"[{extras}]" if extras else "")
manifest, bad = {}, []
for p in platforms.split(","):
    for v in pyvers.split(","):
        files, missing = closure(Path(out) / "wheels", root, p, v)
        manifest[f"{p}-cp{v}"] = sorted(files.values())
        bad += [f"{p} CPython {v}: no wheel for {m}" for m in missing]
Path(out, "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
if bad:
    sys.exit("bundle.sh: error: " + "; ".join(bad))
EOF

cat > "$OUT/install.sh" <<EOF
#!/usr/bin/env sh
# Install yrdmap from this folder, no network needed:  sh install.sh [DIR]   (default .venv)
# Then start the map:  DIR/bin/yrdmap serve   (--host 0.0.0.0 serves a team)
set -eu
HERE=\$(cd "\$(dirname "\$0")" && pwd)
VENV=\${1:-\$HERE/.venv}
PY=\${PYTHON:-python3}
"\$PY" -m venv "\$VENV"
"\$VENV/bin/python" -m pip install --no-index --find-links "\$HERE/wheels" "$NAME_REQ"
echo "yrdmap installed. Start the map:  \$VENV/bin/yrdmap serve --open"
EOF
chmod +x "$OUT/install.sh"

# install.bat: CRLF line ends for cmd.exe
sed 's/$/\r/' > "$OUT/install.bat" <<EOF
@echo off
rem Install yrdmap from this folder, no network needed:  install.bat [DIR]   (default .venv)
rem Then start the map:  DIR\\Scripts\\yrdmap serve --open   (--host 0.0.0.0 serves a team)
setlocal
set "HERE=%~dp0"
set "VENV=%~1"
if "%VENV%"=="" set "VENV=%HERE%.venv"
where py >nul 2>nul && (py -3 -m venv "%VENV%") || (python -m venv "%VENV%")
if errorlevel 1 (echo Python 3.11 or 3.12 is needed: install it from python.org ^(tick "Add to PATH"^) & exit /b 1)
"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%HERE%wheels" "$NAME_REQ"
if errorlevel 1 exit /b 1
echo yrdmap installed. Start the map:  "%VENV%\\Scripts\\yrdmap.exe" serve --open
endlocal
EOF

SIZE=$(du -sm "$OUT/wheels" | cut -f1)
cat > "$OUT/INSTALL.md" <<EOF
# yrdmap 离线安装包 / offline bundle

Built $(date -u +%Y-%m-%d) · $(ls "$OUT/wheels" | wc -l) wheels, ${SIZE} MB · platforms: ${PLATFORMS} · CPython ${PYVERS//,/, } · extras: ${EXTRAS:-none}

## 中文

无需联网、无需 PyPI。需要 Python 3.11 或 3.12（Windows：从 python.org 安装，勾选 “Add python.exe to PATH”）。

1. 把整个文件夹复制到目标电脑。
2. Windows：双击或在 PowerShell 中运行 \`.\\install.bat\`；Linux：\`sh install.sh\`。
   安装到本文件夹下的 \`.venv\`（可在参数中指定其他目录）。
3. 启动：Windows \`.\\.venv\\Scripts\\yrdmap serve --open\`；Linux \`.venv/bin/yrdmap serve --open\`，
   浏览器打开 http://127.0.0.1:8501 。默认只允许本机访问；为同事提供服务用 \`--host 0.0.0.0\`
   （需要在防火墙放行端口，默认 8501，\`--port\` 可改）。
4. 天地图密钥、内网瓦片、数据库、上传限制等设置：环境变量或 \`yrdmap.toml\`，见 \`yrdmap config\` 与 README。

## English

No internet or PyPI needed. Needs Python 3.11 or 3.12 (Windows: from python.org, tick "Add
python.exe to PATH").

1. Copy this whole folder to the target machine.
2. Windows: run \`.\\install.bat\` (PowerShell or double-click); Linux: \`sh install.sh\`. It
   installs into \`.venv\` here (pass another folder as the argument).
3. Start: Windows \`.\\.venv\\Scripts\\yrdmap serve --open\`; Linux \`.venv/bin/yrdmap serve --open\`;
   the map is at http://127.0.0.1:8501. It listens on this computer only; \`--host 0.0.0.0\`
   serves colleagues (open the port, default 8501, in the firewall; \`--port\` changes it).
4. Settings (Tianditu key, intranet tiles, database, upload limits): environment variables or
   \`yrdmap.toml\`; \`yrdmap config\` lists them; see the README.

Installed with extras: ${EXTRAS:-none}. What each platform installs: manifest.json.
EOF

if [ "$ZIP" = 1 ]; then
  "$PY" -m zipfile -c "$OUT.zip" "$OUT"
  echo "bundle: $OUT.zip $(du -sm "$OUT.zip" | cut -f1) MB" >&2
fi
echo "bundle: $OUT ($(ls "$OUT/wheels" | wc -l) wheels, ${SIZE} MB)" >&2
