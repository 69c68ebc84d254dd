/*
 * sig.h: the one signal set-up of the long-running programs (cad,
 * casign, canotify, webd, its workers and ticker).
 */
#ifndef LIB_SIG_H
#define LIB_SIG_H

/*
 * SIGTERM and SIGINT call stop (which should only set a flag the main
 * loop reads) and are unblocked (webd blocks them across a fork);
 * SIGPIPE is ignored: a peer that went away is an EPIPE from write(2),
 * not the end of the process.
 */
void	sig_setup(void (*stop)(int));

#endif
