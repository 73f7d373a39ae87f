# Loaded by `scons --site-dir=bench/pim/site_scons` (bench/pim/pimsimulator.sh) before PIMSimulator's
# SConstruct, so that its checkout stays untouched at the upstream commit.
#
# PIMSimulator's lib/npy.h uses std::ostream_iterator without `#include <iterator>`; GCC 12
# (Debian 12) no longer pulls that header in transitively and stops with "'ostream_iterator' is not
# a member of 'std'". Its SConstruct takes no compiler flags from the command line, so this wraps
# Environment() to append PIMSIM_EXTRA_CXXFLAGS (default: -include iterator) to every C++ compile.
# The flag changes no code generation, only which header is visible.
import os as _arcade_os

_arcade_upstream_Environment = Environment


def Environment(*args, **kwargs):
    env = _arcade_upstream_Environment(*args, **kwargs)
    extra = _arcade_os.environ.get("PIMSIM_EXTRA_CXXFLAGS", "-include iterator")
    if extra.strip():
        env.Append(CXXFLAGS=" " + extra)
    return env
