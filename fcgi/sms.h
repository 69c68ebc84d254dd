/*
 * sms.h: sending a text message to a mobile number (the one-time codes
 * of 忘记密码 and 注册账号, fcgi/smscode.h).  No SMS gateway can be
 * reached from here, so the one sender built in appends each message to
 * an outbox file (webd -m FILE; DIR/sms-outbox.txt under tools/stack.sh),
 * which only its owner can read (mode 0600): the messages carry codes, so
 * they never go to the server log, which says only that a message went to
 * a masked number (138****0001).  A deployment replaces sms_send() in
 * sms.c with its gateway's client; the callers do not change.
 */
#ifndef FCGI_SMS_H
#define FCGI_SMS_H

/*
 * Opens the outbox at path for appending, creating it with mode 0600; an
 * existing file must be a regular file of this user (not a link), and is
 * made 0600 if it was not.  Called by webd before the workers fork; they
 * inherit the descriptor.  Returns it, or -1 (logged).
 */
int	sms_outbox_open(const char *path);

/*
 * Sends text (one line) to mobile through outbox, a descriptor from
 * sms_outbox_open() (-1: none, nothing can be sent).  0 / -1 (logged,
 * without the text).
 */
int	sms_send(int outbox, const char *mobile, const char *text);

/* mobile with its middle digits hidden ("138****0001") into out. */
void	sms_mask(const char *mobile, char out[16]);

#endif
