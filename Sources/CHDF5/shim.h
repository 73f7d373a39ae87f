#ifndef ARCADE_CHDF5_SHIM_H
#define ARCADE_CHDF5_SHIM_H
#include <hdf5.h>
#include <string.h>

/* H5T_NATIVE_* and friends are macros that expand to function calls or casts; Swift cannot
   import them, so each is wrapped in a static inline function. */
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline hid_t chdf5_dataset_create_plist(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_file_access_plist(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_file_create_plist(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_group_create_plist(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_all(void) { return H5S_ALL; }
static inline hsize_t chdf5_unlimited(void) { return H5S_UNLIMITED; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_crt_order_tracked_indexed(void) {
    return H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
}
/* The error stack and its auto-print setting are per thread in a thread-safe build, so this
   is called before every batch of HDF5 calls, not once. */
static inline herr_t chdf5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline herr_t chdf5_clear_errors(void) { return H5Eclear2(H5E_DEFAULT); }

/* A variable-length UTF-8 string type (caller closes it). */
static inline hid_t chdf5_vlen_utf8(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) { H5Tclose(t); return -1; }
    return t;
}

/* A fixed-length UTF-8 string type of `size` bytes, null-padded (caller closes it). */
static inline hid_t chdf5_fixed_utf8(size_t size) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, size) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0
        || H5Tset_strpad(t, H5T_STR_NULLPAD) < 0) { H5Tclose(t); return -1; }
    return t;
}

/* h5py's boolean: an 8-bit enum {FALSE = 0, TRUE = 1}, which h5py (and so pandas) reads as numpy
   `bool` (caller closes it). */
static inline hid_t chdf5_bool_enum(void) {
    hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    if (t < 0) return t;
    signed char no = 0, yes = 1;
    if (H5Tenum_insert(t, "FALSE", &no) < 0 || H5Tenum_insert(t, "TRUE", &yes) < 0) { H5Tclose(t); return -1; }
    return t;
}

/* Copies the description of the innermost entry on the current error stack (the one that says
   what really went wrong, e.g. "file signature not found") into `buffer`, truncated to `size`. */
static inline herr_t chdf5__innermost(unsigned n, const H5E_error2_t *err, void *data) {
    char **bounds = (char **)data;       /* bounds[0] = buffer, bounds[1] = end */
    size_t room = (size_t)(bounds[1] - bounds[0]);
    (void)n;
    if (room == 0 || err->desc == NULL) return 1;
    strncpy(bounds[0], err->desc, room - 1);
    bounds[0][room - 1] = '\0';
    return 1;                            /* stop after the first (innermost) entry */
}
static inline void chdf5_error_summary(char *buffer, size_t size) {
    if (size == 0) return;
    buffer[0] = '\0';
    char *bounds[2] = { buffer, buffer + size };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, chdf5__innermost, bounds);
}

/* Number of attributes on an object. H5Oget_info's signature changed between 1.10 and 1.12,
   so count through H5Aiterate2, which is stable. */
static inline herr_t chdf5__count(hid_t loc, const char *name, const H5A_info_t *info, void *data) {
    (void)loc; (void)name; (void)info;
    (*(hsize_t *)data)++;
    return 0;
}
static inline hssize_t chdf5_attribute_count(hid_t loc) {
    hsize_t count = 0;
    if (H5Aiterate2(loc, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, chdf5__count, &count) < 0) return -1;
    return (hssize_t)count;
}
#endif
