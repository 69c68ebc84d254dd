/*
 * cactlplatform.h: cactl platform, link and notify: linked platforms
 * and their notices (cactlplatform.c).
 */
#ifndef CA_CACTLPLATFORM_H
#define CA_CACTLPLATFORM_H

/* Each: 0, 1 failure, 2 usage. */
int	cactl_platform(int argc, char **argv);
int	cactl_link(int argc, char **argv);
int	cactl_notify(int argc, char **argv);

#endif
