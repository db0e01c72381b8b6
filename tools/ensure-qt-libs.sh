#!/usr/bin/env bash
# Qt's offscreen and xcb platform plugins need a few system libraries that a bare Debian
# machine lacks. Install them with apt-get when they are missing (root only; otherwise say so).
set -u
need=()
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have libEGL.so.1 || need+=(libegl1)
have libGL.so.1 || need+=(libgl1)
have libfontconfig.so.1 || need+=(libfontconfig1)
have libxkbcommon.so.0 || need+=(libxkbcommon0)
have libdbus-1.so.3 || need+=(libdbus-1-3)
have libglib-2.0.so.0 || need+=(libglib2.0-0)
if [ -n "${DISPLAY:-}" ] || [ "${ANNOT_XCB:-}" = 1 ]; then
  have libxcb-cursor.so.0 || need+=(libxcb-cursor0)
  have libxkbcommon-x11.so.0 || need+=(libxkbcommon-x11-0)
  have libxcb-icccm.so.4 || need+=(libxcb-icccm4)
  have libxcb-keysyms.so.1 || need+=(libxcb-keysyms1)
  have libxcb-shape.so.0 || need+=(libxcb-shape0)
  have libxcb-render-util.so.0 || need+=(libxcb-render-util0)
  have libxcb-image.so.0 || need+=(libxcb-image0)
  have libxcb-randr.so.0 || need+=(libxcb-randr0)
  have libxcb-xinerama.so.0 || need+=(libxcb-xinerama0)
fi
fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ] || need+=(fonts-dejavu-core fontconfig)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system libraries Qt needs: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Qt may need these system packages: ${need[*]} (install them with your package manager)" >&2
fi
exit 0
