/* SPDX-License-Identifier: MIT */
/* The commands of the tool, a file each (cmd_<name>.c): each parses its options (cli_util.h),
 * hands the work to the library (or, for render, to render_job.c) with the diagnostics going to
 * stderr and stdout (cli_diag.h), and returns the process's exit status (an enum bl_exit).
 * argv[0] is the command's name. */
#ifndef BL_CMD_H
#define BL_CMD_H

int bl_cmd_render(int argc, char **argv);
int bl_cmd_check(int argc, char **argv);
int bl_cmd_notice(int argc, char **argv);
int bl_cmd_report(int argc, char **argv);
int bl_cmd_preview(int argc, char **argv);
int bl_cmd_manifest(int argc, char **argv);
int bl_cmd_serve(int argc, char **argv);
int bl_cmd_strings(int argc, char **argv);

#endif
