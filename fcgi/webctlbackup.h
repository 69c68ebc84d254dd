/*
 * webctlbackup.h: webctl's backup and restore commands (webctlbackup.c),
 * called from webctl.c's command table with the database path (-d).
 * Each returns the exit status: 0, 1 failure, 2 bad input.
 */
#ifndef FCGI_WEBCTLBACKUP_H
#define FCGI_WEBCTLBACKUP_H

int	webctl_backup(const char *path, int argc, char **argv);
int	webctl_restore(const char *path, int argc, char **argv);

#endif
