/*
 * sms.h: sending a text message to a mobile number (password reset
 * codes).  No SMS gateway can be reached from here, so the one sender
 * built in writes the message to the server log (var/log/webd.log).  A
 * deployment replaces sms_send() in sms.c with its gateway's client; the
 * callers do not change.
 */
#ifndef FCGI_SMS_H
#define FCGI_SMS_H

/* Sends text to mobile.  0 / -1 (logged). */
int	sms_send(const char *mobile, const char *text);

#endif
