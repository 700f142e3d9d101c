/* SPDX-License-Identifier: MIT */
/* Version: the library's version, as CMake sets it (BL_VERSION, from project(VERSION)). */
#include "version.h"

const char *
bl_version(void)
{
    return BL_VERSION;
}
