/*
 * Typed, non-variadic wrappers around libcurl's variadic calls.
 *
 * Swift cannot call C variadic functions, so each wrapper fixes the type of
 * the third argument. Nothing else lives here: all logic is in Swift.
 */
#ifndef VIGIE_CCURLSHIMS_H
#define VIGIE_CCURLSHIMS_H

#include <curl/curl.h>

/* curl_easy_setopt */
CURLcode vigie_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode vigie_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode vigie_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode vigie_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode vigie_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode vigie_easy_setopt_write_callback(CURL *handle,
    size_t (*callback)(char *data, size_t size, size_t count, void *user));
CURLcode vigie_easy_setopt_header_callback(CURL *handle,
    size_t (*callback)(char *data, size_t size, size_t count, void *user));
CURLcode vigie_easy_setopt_read_callback(CURL *handle,
    size_t (*callback)(char *buffer, size_t size, size_t count, void *user));
CURLcode vigie_easy_setopt_xferinfo_callback(CURL *handle,
    int (*callback)(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow));

/* curl_easy_getinfo */
CURLcode vigie_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode vigie_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode vigie_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode vigie_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode vigie_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

/* curl_multi_setopt */
CURLMcode vigie_multi_setopt_long(CURLM *handle, CURLMoption option, long value);
CURLMcode vigie_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value);

#endif
