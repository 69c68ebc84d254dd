/*
 * cactlbackup.h: cactl backup, restore and reconcile (cactlbackup.c;
 * README "Backup and restore").
 */
#ifndef CA_CACTLBACKUP_H
#define CA_CACTLBACKUP_H

/* Each: 0, 1 failure, 2 usage or a refused place (lib/backup.h). */
int	cactl_backup(int argc, char **argv);
int	cactl_restore(int argc, char **argv);
int	cactl_reconcile(int argc, char **argv);

#endif
