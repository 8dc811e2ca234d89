# The PESQ measuring tools of scripts/bench --pesq-only (issue #14), set up when missing:
# Debian's espeak-ng (speech samples; TEST_PACKAGES in common.sh) and python3-venv, and a Python
# venv outside the repository with PyPI's `pesq` (ITU-T P.862 / P.862.2, a small C extension)
# and numpy. Sourced by scripts/lib/bench-pesq.sh; run on its own (bash scripts/lib/pesq-env.sh)
# it prints the venv's python, which is how PesqChainTest finds it.
#
# Where PyPI is out of reach, LIFELINE_PESQ_SRC=DIR installs the same package from a local copy of
# its source (github.com/ludlows/python-pesq; a setup.py whose setup_requires lists pytest-runner
# needs that entry removed offline). Nothing of it is kept in this repository.
#
# Where: $LIFELINE_PESQ_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/lifeline/pesq-venv. The venv is
# built with Debian's /usr/bin/python3 (not a pyenv shim), so it does not change under the user.

PESQ_PIP_PACKAGES=(pesq==0.0.4 numpy)

# pesq_venv_dir : echoes where the venv lives.
pesq_venv_dir() { echo "${LIFELINE_PESQ_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeline/pesq-venv}"; }

# pesq_python : makes sure the venv has pesq and numpy; echoes its python.
pesq_python() {
  local venv py
  venv=$(pesq_venv_dir)
  py="$venv/bin/python"
  if [ -x "$py" ] && "$py" -c 'import pesq, numpy' 2>/dev/null; then echo "$py"; return 0; fi
  # building pesq's extension needs a C compiler and Python headers; the venv needs python3-venv
  need_packages python3-venv python3-dev gcc libc6-dev
  echo "lifeline: creating the PESQ venv in $venv (pip install ${PESQ_PIP_PACKAGES[*]})..." >&2
  mkdir -p "$(dirname "$venv")"
  /usr/bin/python3 -m venv "$venv" >&2 || die "python3 -m venv $venv failed"
  # numpy and cython first: pesq 0.0.4's setup.py imports them
  "$py" -m pip install -q --disable-pip-version-check numpy cython >&2 || die "pip install numpy cython failed"
  if ! "$py" -m pip install -q --disable-pip-version-check --no-build-isolation "${PESQ_PIP_PACKAGES[@]}" >&2; then
    [ -n "${LIFELINE_PESQ_SRC:-}" ] || die "pip install ${PESQ_PIP_PACKAGES[*]} failed (PyPI unreachable? LIFELINE_PESQ_SRC=DIR installs from a source copy)"
    "$py" -m pip install -q --disable-pip-version-check setuptools >&2 || true
    ( cd "$LIFELINE_PESQ_SRC" && "$py" -m pip install -q --disable-pip-version-check --no-build-isolation . >&2 ) \
      || die "pip install of $LIFELINE_PESQ_SRC failed"
  fi
  "$py" -c 'import pesq, numpy' >&2 || die "the PESQ venv at $venv cannot import pesq"
  echo "$py"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
  pesq_python
fi
