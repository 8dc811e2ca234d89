/*
 * pri-peer: libpri as the far end of a simulated E1 PRI span (sim line protocol, DESIGN 3.1).
 * Commands as lines on stdin, events as lines on stdout. See README.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <libpri.h>

#define MAXCALLS 64
#define RXLEN 3200            /* 400 ms at 8 kHz */
#define FRAME 160             /* 20 ms */
#define TONE_AMP 7219.0       /* -10 dBm0: a full-scale sine is +3.14 dBm0 */

struct call {
    int used, id, ts, outgoing, clearing, answered, responded, burst;
    int64_t setup_us, hangup_at, give_up_at;   /* SETUP sent (us); auto hangup / burst timeout (ms), 0 = none */
    q931_call *c;
    double tone_hz, phase;
    int16_t rx[RXLEN];
    int rxpos, idle_ticks;
};

static struct call calls[MAXCALLS];
static struct pri *pri;
static int sock = -1, next_id = 1, l2_up, l1_down, debug, side_net = 1;
static int64_t mute_until;
static const char *span = "e1a";
/* bench helpers: stamps on lines, answering every RING, clearing answered calls, bulk calling */
static int stamps, autoanswer, autohangup_ms = -1;
static double autoanswer_hz;
static struct {
    int active, n, placed, completed, failed, hold_ms;
    double interval_ms;
    int64_t start_ms, next_ms, last_connect_ms, deadline_ms;
    char called[64], calling[64];
    double *setup_ms;
} burst;
static uint8_t dbuf[1100];    /* D frame handed to libpri's read callback */
static int dlen;
static uint8_t inbuf[1 << 16];
static int inlen;

static void out(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* " us=<CLOCK_MONOTONIC microseconds>" after an event line when stamps are on (same clock as Java's System.nanoTime) */
static const char *stamp(void) {
    static char b[40];
    if (!stamps) return "";
    snprintf(b, sizeof b, " us=%lld", (long long)now_us());
    return b;
}

/* ---- G.711 A-law ---- */
static uint8_t alaw_encode(int16_t pcm) {
    int v = pcm >> 3, mask, seg;
    if (v >= 0) mask = 0xD5; else { mask = 0x55; v = -v - 1; }
    for (seg = 0; seg < 8 && v > (0x1F << seg); seg++) {}
    if (seg >= 8) return (uint8_t)(0x7F ^ mask);
    int mant = seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
    return (uint8_t)(((seg << 4) | mant) ^ mask);
}

static int16_t alaw_decode(uint8_t a) {
    a ^= 0x55;
    int t = (a & 0x0F) << 4, seg = (a & 0x70) >> 4;
    if (seg == 0) t += 8;
    else { t += 0x108; t <<= seg - 1; }
    return (int16_t)((a & 0x80) ? t : -t);
}

/* ---- sim line protocol ---- */
static void send_frame(uint8_t type, const void *payload, int len) {
    uint8_t hdr[3] = { type, (uint8_t)(len >> 8), (uint8_t)len };
    struct iovec iov[2] = { { hdr, 3 }, { (void *)payload, (size_t)len } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
    size_t total = 3 + (size_t)len, done = 0;
    if (sock < 0) return;
    while (done < total) {
        ssize_t n = sendmsg(sock, &m, MSG_NOSIGNAL);
        if (n < 0) { if (errno == EINTR || errno == EAGAIN) continue; return; }
        done += (size_t)n;
        while (n > 0 && m.msg_iovlen > 0) {   /* advance over what was sent */
            if ((size_t)n >= m.msg_iov[0].iov_len) { n -= (ssize_t)m.msg_iov[0].iov_len; m.msg_iov++; m.msg_iovlen--; }
            else { m.msg_iov[0].iov_base = (char *)m.msg_iov[0].iov_base + n; m.msg_iov[0].iov_len -= (size_t)n; n = 0; }
        }
    }
}

static void send_event(const char *text) { send_frame('E', text, (int)strlen(text)); }

static int d_blocked(void) { return l1_down || now_ms() < mute_until; }

/* ---- libpri glue: libpri writes a frame with 2 FCS octets and reads one expecting them ---- */
static int io_write(struct pri *p, void *buf, int len) {
    (void)p;
    if (len > 2 && !d_blocked()) send_frame('D', buf, len - 2);
    return len;
}

static int io_read(struct pri *p, void *buf, int len) {
    (void)p;
    int n = dlen;
    if (n <= 0 || n > len) return 0;
    memcpy(buf, dbuf, (size_t)n);
    dlen = 0;
    return n;
}

static void lines(const char *prefix, char *acc, size_t cap, const char *s) {
    size_t l = strlen(acc);
    for (; *s; s++) {
        if (*s == '\n') { if (l) out("%s %s", prefix, acc); acc[l = 0] = 0; }
        else if (l + 1 < cap) { acc[l++] = *s; acc[l] = 0; }
    }
}
static char err_acc[1024], msg_acc[1024];
static void on_pri_error(struct pri *p, char *s) { (void)p; lines("PRIERROR", err_acc, sizeof err_acc, s); }
static void on_pri_message(struct pri *p, char *s) { (void)p; lines("PRIDEBUG", msg_acc, sizeof msg_acc, s); }

/* ---- calls ---- */
static struct call *by_id(int id) {
    for (int i = 0; i < MAXCALLS; i++) if (calls[i].used && calls[i].id == id) return &calls[i];
    return NULL;
}
static struct call *by_pri(q931_call *c) {
    for (int i = 0; i < MAXCALLS; i++) if (calls[i].used && calls[i].c == c) return &calls[i];
    return NULL;
}
static struct call *by_ts(int ts) {
    for (int i = 0; i < MAXCALLS; i++) if (calls[i].used && !calls[i].clearing && calls[i].ts == ts) return &calls[i];
    return NULL;
}
static struct call *new_call(q931_call *c, int ts, int outgoing) {
    for (int i = 0; i < MAXCALLS; i++) if (!calls[i].used) {
        memset(&calls[i], 0, sizeof calls[i]);
        calls[i].used = 1; calls[i].id = next_id++; calls[i].c = c; calls[i].ts = ts; calls[i].outgoing = outgoing;
        return &calls[i];
    }
    return NULL;
}
static int valid_ts(int ts) { return ts >= 1 && ts <= 31 && ts != 16; }
static int free_ts(void) {   /* a timeslot no call holds, not even one still clearing */
    for (int ts = 1; ts <= 31; ts++) {
        int held = 0;
        for (int i = 0; i < MAXCALLS && !held; i++) held = calls[i].used && calls[i].ts == ts;
        if (valid_ts(ts) && !held) return ts;
    }
    return -1;
}
static void send_tone_frame(struct call *k);
static void answer_call(struct call *k);
static int chan_of(int channel) {  /* libpri: channel | span << 8 | explicit << 16; -1 none */
    if (channel < 0) return -1;
    int c = channel & 0xFF;
    return valid_ts(c) ? c : -1;
}

static const char *ton_name(int plan) {
    switch ((plan >> 4) & 7) {
    case PRI_TON_INTERNATIONAL: return "international";
    case PRI_TON_NATIONAL: return "national";
    case PRI_TON_NET_SPECIFIC: return "network";
    case PRI_TON_SUBSCRIBER: return "subscriber";
    case PRI_TON_ABBREVIATED: return "abbreviated";
    default: return "unknown";
    }
}
static const char *pres_name(int pres) {
    switch (pres & PRI_PRES_RESTRICTION) {
    case PRI_PRES_ALLOWED: return "allowed";
    case PRI_PRES_RESTRICTED: return "restricted";
    case PRI_PRES_UNAVAILABLE: return "unavailable";
    default: return "reserved";
    }
}

/* ---- events from libpri ---- */
static void handle(pri_event *e) {
    struct call *k;
    int ts;
    if (!e) return;
    switch (e->e) {
    case PRI_EVENT_DCHAN_UP:
        if (!l2_up) out("L2 UP");
        l2_up = 1;
        break;
    case PRI_EVENT_DCHAN_DOWN:
        if (l2_up) out("L2 DOWN");
        l2_up = 0;
        break;
    case PRI_EVENT_RING: {
        ts = chan_of(e->ring.channel);
        if (ts < 0 || by_ts(ts)) ts = free_ts();
        k = new_call(e->ring.call, ts, 0);
        if (!k) { pri_hangup(pri, e->ring.call, PRI_CAUSE_SWITCH_CONGESTION); out("ERROR too many calls"); break; }
        const char *bearer = e->ring.ctype == PRI_TRANS_CAP_SPEECH ? "speech"
                           : e->ring.ctype == PRI_TRANS_CAP_3_1K_AUDIO ? "3.1k" : "other";
        out("RING %d ts=%d called=%s calling=%s ton=%s pres=%s bearer=%s%s", k->id, ts, e->ring.callednum,
            e->ring.callingnum, ton_name(e->ring.callingplan), pres_name(e->ring.callingpres), bearer, stamp());
        if (autoanswer) {
            k->responded = 1;
            answer_call(k);
        }
        break;
    }
    case PRI_EVENT_PROCEEDING:
        if ((k = by_pri(e->proceeding.call))) {
            if ((ts = chan_of(e->proceeding.channel)) > 0) k->ts = ts;
            out("PROCEEDING %d ts=%d", k->id, k->ts);
        }
        break;
    case PRI_EVENT_SETUP_ACK:
        if ((k = by_pri(e->setup_ack.call))) {
            if ((ts = chan_of(e->setup_ack.channel)) > 0) k->ts = ts;
            out("SETUP_ACK %d ts=%d", k->id, k->ts);
        }
        break;
    case PRI_EVENT_RINGING:
        if ((k = by_pri(e->ringing.call))) {
            if ((ts = chan_of(e->ringing.channel)) > 0) k->ts = ts;
            out("ALERTING %d", k->id);
        }
        break;
    case PRI_EVENT_PROGRESS:
        if ((k = by_pri(e->proceeding.call))) out("PROGRESS %d", k->id);
        break;
    case PRI_EVENT_ANSWER:
        if ((k = by_pri(e->answer.call))) {
            if ((ts = chan_of(e->answer.channel)) > 0) k->ts = ts;
            pri_connect_ack(pri, k->c, k->ts);
            k->answered = 1;
            if (stamps) out("CONNECT %d ts=%d%s setup_ms=%.2f", k->id, k->ts, stamp(), (now_us() - k->setup_us) / 1000.0);
            else out("CONNECT %d ts=%d", k->id, k->ts);
            if (k->burst) {
                burst.completed++;
                burst.setup_ms[burst.completed - 1] = (now_us() - k->setup_us) / 1000.0;
                burst.last_connect_ms = now_ms();
                k->give_up_at = 0;
                k->hangup_at = now_ms() + burst.hold_ms;
            } else if (autohangup_ms >= 0) {
                k->hangup_at = now_ms() + autohangup_ms;
            }
        }
        break;
    case PRI_EVENT_CONNECT_ACK:
        if ((k = by_pri(e->connect_ack.call)) && !k->answered) { k->answered = 1; out("ANSWERED %d%s", k->id, stamp()); }
        break;
    case PRI_EVENT_HANGUP_REQ:
    case PRI_EVENT_HANGUP:
        if ((k = by_pri(e->hangup.call))) {
            if (k->burst && !k->answered && !k->clearing) burst.failed++;
            if (!k->clearing) out("HANGUP %d cause=%d", k->id, e->hangup.cause);
            else out("RELEASED %d", k->id);
            pri_hangup(pri, k->c, e->hangup.cause);
            k->used = 0;
        }
        break;
    case PRI_EVENT_HANGUP_ACK:
        if ((k = by_pri(e->hangup.call))) { out("RELEASED %d", k->id); k->used = 0; }
        break;
    case PRI_EVENT_RESTART:
        ts = e->restart.channel < 0 ? -1 : (e->restart.channel & 0xFF);
        out("RESTART ts=%d", ts);
        for (int i = 0; i < MAXCALLS; i++)
            if (calls[i].used && (ts < 0 || calls[i].ts == ts)) { out("HANGUP %d cause=restart", calls[i].id); calls[i].used = 0; }
        break;
    case PRI_EVENT_RESTART_ACK:
        ts = e->restartack.channel < 0 ? -1 : (e->restartack.channel & 0xFF);
        out("RESTART_ACK ts=%d", ts);
        for (int i = 0; i < MAXCALLS; i++)
            if (calls[i].used && calls[i].ts == ts) { out("HANGUP %d cause=restart", calls[i].id); calls[i].used = 0; }
        break;
    case PRI_EVENT_CONFIG_ERR:
        out("PRIERROR config: %s", e->err.err);
        break;
    default:
        if (debug) out("PRIDEBUG event %s", pri_event2str(e->e));
        break;
    }
}

static void run_timers(void) {
    for (int i = 0; i < 100; i++) {
        struct timeval *tv = pri_schedule_next(pri), now;
        if (!tv) return;
        gettimeofday(&now, NULL);
        if (tv->tv_sec > now.tv_sec || (tv->tv_sec == now.tv_sec && tv->tv_usec > now.tv_usec)) return;
        handle(pri_schedule_run(pri));
    }
}

static int timer_wait_ms(void) {
    struct timeval *tv = pri ? pri_schedule_next(pri) : NULL, now;
    if (!tv) return 1000;
    gettimeofday(&now, NULL);
    int64_t ms = (tv->tv_sec - now.tv_sec) * 1000LL + (tv->tv_usec - now.tv_usec + 999) / 1000;
    return ms < 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
}

/* ---- audio analysis over the last 400 ms ---- */
static void window(const struct call *k, double *x) {
    for (int i = 0; i < RXLEN; i++) {
        double w = 0.5 - 0.5 * cos(2 * M_PI * i / (RXLEN - 1));
        x[i] = w * k->rx[(k->rxpos + i) % RXLEN] / 32768.0;
    }
}
static double level_dbm0(const double *x, double hz) {
    double coeff = 2 * cos(2 * M_PI * hz / 8000.0), s1 = 0, s2 = 0, wsum = RXLEN / 2.0;
    for (int i = 0; i < RXLEN; i++) { double s = x[i] + coeff * s1 - s2; s2 = s1; s1 = s; }
    double mag2 = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    double amp = 2 * sqrt(mag2 > 0 ? mag2 : 0) / wsum;     /* peak amplitude, full scale = 1 */
    double db = 20 * log10(amp > 1e-9 ? amp : 1e-9) + 3.14;
    return db < -99 ? -99 : db;
}

/* ---- media: one B frame per 20 ms per call with a tone; silence fill for what was not received ---- */
static void send_tone_frame(struct call *k) {
        uint8_t f[1 + FRAME];
        f[0] = (uint8_t)k->ts;
        for (int j = 0; j < FRAME; j++) {
            f[1 + j] = alaw_encode((int16_t)lrint(TONE_AMP * sin(k->phase)));
            k->phase += 2 * M_PI * k->tone_hz / 8000.0;
            if (k->phase > 2 * M_PI) k->phase -= 2 * M_PI;
        }
        send_frame('B', f, sizeof f);
}

static void media_tick(void) {
    for (int i = 0; i < MAXCALLS; i++) {
        struct call *k = &calls[i];
        if (!k->used || k->clearing || !valid_ts(k->ts)) continue;
        if (++k->idle_ticks > 2) {
            for (int j = 0; j < FRAME; j++) { k->rx[k->rxpos] = 0; k->rxpos = (k->rxpos + 1) % RXLEN; }
        }
        if (k->tone_hz <= 0 || l1_down) continue;
        send_tone_frame(k);
    }
}

/* ---- bench helpers ---- */

/* autoanswer: CONNECT at once; with a tone, its first frame leaves right after the CONNECT */
static void answer_call(struct call *k) {
    if (pri_answer(pri, k->c, k->ts, 0)) { out("ERROR answer failed"); return; }
    if (side_net && !k->answered) { k->answered = 1; out("ANSWERED %d%s", k->id, stamp()); }
    if (autoanswer_hz > 0 && valid_ts(k->ts) && !l1_down) { k->tone_hz = autoanswer_hz; send_tone_frame(k); }
    if (autohangup_ms >= 0) k->hangup_at = now_ms() + autohangup_ms;
}

static struct call *place_call(const char *called, const char *calling, int ts) {
    q931_call *c = pri_new_call(pri);
    struct call *k;
    if (!c || !(k = new_call(c, ts, 1))) return NULL;
    struct pri_sr *sr = pri_sr_new();
    pri_sr_set_channel(sr, ts, 0, 0);
    pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ALAW);
    pri_sr_set_called(sr, (char *)called, PRI_NATIONAL_ISDN, 1);
    pri_sr_set_caller(sr, (char *)calling, NULL, PRI_NATIONAL_ISDN, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
    k->setup_us = now_us();
    int rc = pri_setup(pri, c, sr);
    pri_sr_free(sr);
    if (rc) { k->used = 0; return NULL; }
    return k;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static double pct(const double *sorted, int n, double p) {
    if (n <= 0) return -1;
    double rank = p / 100.0 * (n - 1);
    int lo = (int)rank, hi = lo + 1 < n ? lo + 1 : lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

static void burst_done(void) {
    int pending = 0;
    for (int i = 0; i < MAXCALLS; i++) if (calls[i].used && calls[i].burst) { pending++; calls[i].burst = 0; }
    qsort(burst.setup_ms, (size_t)burst.completed, sizeof(double), cmp_double);
    double secs = (burst.last_connect_ms - burst.start_ms) / 1000.0;
    out("BURST offered=%d completed=%d failed=%d pending=%d secs=%.2f rate=%.1f setup_ms_median=%.2f setup_ms_p99=%.2f",
        burst.n, burst.completed, burst.failed, pending, secs, secs > 0 ? burst.completed / secs : 0.0,
        pct(burst.setup_ms, burst.completed, 50), pct(burst.setup_ms, burst.completed, 99));
    free(burst.setup_ms);
    burst.setup_ms = NULL;
    burst.active = 0;
}

/* due auto hangups, burst timeouts and burst placements; the ms until the next one (-1 none) */
static int run_deadlines(void) {
    int64_t now = now_ms(), next = -1;
#define SOONER(t) do { if ((t) > 0 && (next < 0 || (t) < next)) next = (t); } while (0)
    for (int i = 0; i < MAXCALLS; i++) {
        struct call *k = &calls[i];
        if (!k->used || k->clearing) continue;
        if (k->give_up_at && now >= k->give_up_at && !k->answered) {
            burst.failed++;
            k->give_up_at = k->hangup_at = 0;
            k->clearing = 1;
            out("BURSTFAIL %d timeout", k->id);
            pri_hangup(pri, k->c, PRI_CAUSE_RECOVERY_ON_TIMER_EXPIRE);
        } else if (k->hangup_at && now >= k->hangup_at) {
            k->hangup_at = 0;
            k->clearing = 1;
            if (!k->outgoing && !k->responded) pri_proceeding(pri, k->c, k->ts, 0);
            pri_hangup(pri, k->c, PRI_CAUSE_NORMAL_CLEARING);
        }
        if (k->used && !k->clearing) { SOONER(k->give_up_at); SOONER(k->hangup_at); }
    }
    if (burst.active) {
        while (burst.placed < burst.n && now >= burst.next_ms) {
            int ts = side_net ? free_ts() : -1;
            struct call *k = NULL;
            if (side_net && ts < 0) { burst.failed++; out("BURSTFAIL - no free timeslot"); }
            else if (!(k = place_call(burst.called, burst.calling, ts))) { burst.failed++; out("BURSTFAIL - setup failed"); }
            else { k->burst = 1; k->give_up_at = now + 10000; SOONER(k->give_up_at); }
            burst.placed++;
            burst.next_ms = burst.start_ms + (int64_t)(burst.placed * burst.interval_ms);
        }
        int open = 0;
        for (int i = 0; i < MAXCALLS; i++) open += calls[i].used && calls[i].burst;
        if (burst.placed >= burst.n && (open == 0 || now >= burst.deadline_ms)) burst_done();
        else { SOONER(burst.placed < burst.n ? burst.next_ms : now + 20); }
    }
#undef SOONER
    return next < 0 ? -1 : (int)(next > now ? next - now : 0);
}

static void on_b(const uint8_t *p, int len) {
    struct call *k;
    if (len < 1 || l1_down || !(k = by_ts(p[0]))) return;
    for (int j = 1; j < len; j++) { k->rx[k->rxpos] = alaw_decode(p[j]); k->rxpos = (k->rxpos + 1) % RXLEN; }
    k->idle_ticks = 0;
}

static int timer_args[3] = { -1, -1, -1 };  /* t200, t203, n200 from the command line */

static void start_pri(void) {
    pri = pri_new_cb(sock, side_net ? PRI_NETWORK : PRI_CPE, PRI_SWITCH_EUROISDN_E1, io_read, io_write, NULL);
    if (!pri) { out("ERROR pri_new_cb failed"); exit(1); }
    pri_connect_ack_enable(pri, 1);
    static const int ids[3] = { PRI_TIMER_T200, PRI_TIMER_T203, PRI_TIMER_N200 };
    for (int i = 0; i < 3; i++) if (timer_args[i] >= 0) pri_set_timer(pri, ids[i], timer_args[i]);
    if (debug) pri_set_debug(pri, PRI_DEBUG_Q921_STATE | PRI_DEBUG_Q921_DUMP | PRI_DEBUG_Q931_DUMP |
                                  PRI_DEBUG_Q931_STATE | PRI_DEBUG_Q931_ANOMALY);
}

/* ---- commands ---- */

static void command(char *line) {
    char *argv[8];
    int argc = 0;
    for (char *t = strtok(line, " \t\r\n"); t && argc < 8; t = strtok(NULL, " \t\r\n")) argv[argc++] = t;
    if (!argc) return;
    const char *cmd = argv[0];
    struct call *k = NULL;
    if (!strcmp(cmd, "quit")) { exit(0); }
    if (!strcmp(cmd, "status")) {
        int n = 0;
        for (int i = 0; i < MAXCALLS; i++) n += calls[i].used && !calls[i].clearing;
        out("STATUS l2=%s calls=%d", l2_up ? "up" : "down", n);
        return;
    }
    if (!strcmp(cmd, "l1") && argc == 2 && (!strcmp(argv[1], "up") || !strcmp(argv[1], "down"))) {
        l1_down = !strcmp(argv[1], "down");
        send_event(l1_down ? "L1 DOWN" : "L1 UP");
        return;
    }
    if (!strcmp(cmd, "mute") && argc == 2) { mute_until = now_ms() + atoi(argv[1]); return; }
    if (!pri) { out("ERROR not connected"); return; }
    if (!strcmp(cmd, "restart")) {
        int ts = argc >= 2 ? atoi(argv[1]) : 0;
        if (!valid_ts(ts)) { out("ERROR usage: restart <ts> (libpri restarts one channel at a time)"); return; }
        if (pri_reset(pri, ts)) out("ERROR restart failed");
        return;
    }
    if (!strcmp(cmd, "call") && (argc == 3 || argc == 4)) {
        int ts = argc == 4 ? atoi(argv[3]) : (side_net ? free_ts() : -1);
        if (argc == 4 && !valid_ts(ts)) { out("ERROR bad timeslot %s", argv[3]); return; }
        if (!(k = place_call(argv[1], argv[2], ts))) { out("ERROR setup failed"); return; }
        out("CALL %d called=%s calling=%s%s", k->id, argv[1], argv[2], stamp());
        return;
    }
    if (!strcmp(cmd, "stamps") && argc == 2) { stamps = !strcmp(argv[1], "on"); return; }
    if (!strcmp(cmd, "autoanswer") && (argc == 2 || argc == 3)) {
        autoanswer = !strcmp(argv[1], "on");
        autoanswer_hz = argc == 3 ? atof(argv[2]) : 0;
        return;
    }
    if (!strcmp(cmd, "autohangup") && argc == 2) { autohangup_ms = !strcmp(argv[1], "off") ? -1 : atoi(argv[1]); return; }
    if (!strcmp(cmd, "burst") && argc == 6) {
        int n = atoi(argv[1]);
        double rate = atof(argv[2]);
        if (burst.active) { out("ERROR a burst is running"); return; }
        if (n <= 0 || rate <= 0 || strlen(argv[3]) >= sizeof burst.called || strlen(argv[4]) >= sizeof burst.calling) {
            out("ERROR usage: burst <n> <rate/s> <called> <calling> <hold_ms>"); return;
        }
        memset(&burst, 0, sizeof burst);
        burst.active = 1; burst.n = n; burst.interval_ms = 1000.0 / rate; burst.hold_ms = atoi(argv[5]);
        strcpy(burst.called, argv[3]); strcpy(burst.calling, argv[4]);
        burst.setup_ms = calloc((size_t)n, sizeof(double));
        burst.start_ms = burst.next_ms = burst.last_connect_ms = now_ms();
        burst.deadline_ms = burst.start_ms + (int64_t)(n * burst.interval_ms) + 30000;
        return;
    }
    if (argc < 2 || !(k = by_id(atoi(argv[1])))) { out("ERROR bad command or unknown call: %s", cmd); return; }
    if (!strcmp(cmd, "answer") || !strcmp(cmd, "alert") || !strcmp(cmd, "proceed")) k->responded = 1;
    if (!strcmp(cmd, "answer")) {
        if (pri_answer(pri, k->c, k->ts, 0)) out("ERROR answer failed");
        else if (side_net && !k->answered) { k->answered = 1; out("ANSWERED %d", k->id); }
    } else if (!strcmp(cmd, "alert")) {
        if (pri_acknowledge(pri, k->c, k->ts, 1)) out("ERROR alert failed");
    } else if (!strcmp(cmd, "proceed")) {
        if (pri_proceeding(pri, k->c, k->ts, 0)) out("ERROR proceed failed");
    } else if (!strcmp(cmd, "hangup") && argc == 3) {
        k->clearing = 1;
        /* libpri sends no DISCONNECT for an incoming call it has not answered anything to yet */
        if (!k->outgoing && !k->responded) pri_proceeding(pri, k->c, k->ts, 0);
        if (pri_hangup(pri, k->c, atoi(argv[2]))) out("ERROR hangup failed");
    } else if (!strcmp(cmd, "tone") && argc == 3) {
        k->tone_hz = atof(argv[2]);
    } else if ((!strcmp(cmd, "measure") && argc == 3) || (!strcmp(cmd, "peak") && argc == 2)) {
        static double x[RXLEN];
        window(k, x);
        if (cmd[0] == 'm') {
            double hz = atof(argv[2]);
            out("MEASURE %d hz=%g dbm0=%.1f", k->id, hz, level_dbm0(x, hz));
        } else {
            double best = 200, bl = -200;
            for (double f = 200; f <= 4000; f += 5) { double l = level_dbm0(x, f); if (l > bl) { bl = l; best = f; } }
            for (double f = best - 5; f <= best + 5; f += 1) { double l = level_dbm0(x, f); if (l > bl) { bl = l; best = f; } }
            out("PEAK %d hz=%.0f dbm0=%.1f", k->id, best, bl);
        }
    } else {
        out("ERROR bad command: %s", cmd);
    }
}

/* ---- socket input ---- */
static int hello_seen;
static void on_frame(uint8_t type, uint8_t *p, int len) {
    if (type == 'E') {
        char text[1024];
        int n = len < (int)sizeof text - 1 ? len : (int)sizeof text - 1;
        memcpy(text, p, (size_t)n);
        text[n] = 0;
        if (!hello_seen) {           /* --listen: the first frame must be HELLO <span> */
            char want[128];
            snprintf(want, sizeof want, "HELLO %s", span);
            if (strcmp(text, want)) { send_event("ERROR expected HELLO"); out("ERROR bad hello: %s", text); out("CLOSED"); exit(1); }
            hello_seen = 1;
            start_pri();
            out("READY");
            return;
        }
        if (!strncmp(text, "ERROR", 5)) out("%s", text);
        else out("PEER %s", text);
    } else if (!hello_seen) {
        return;
    } else if (type == 'D') {
        if (d_blocked() || len + 2 > (int)sizeof dbuf) return;
        memcpy(dbuf, p, (size_t)len);
        dbuf[len] = dbuf[len + 1] = 0;   /* dummy FCS: libpri drops the last two octets */
        dlen = len + 2;
        handle(pri_check_event(pri));
        dlen = 0;
    } else if (type == 'B') {
        on_b(p, len);
    }
}

static void read_socket(void) {
    ssize_t n = read(sock, inbuf + inlen, sizeof inbuf - (size_t)inlen);
    if (n <= 0) { out("CLOSED"); exit(0); }
    inlen += (int)n;
    int off = 0;
    while (inlen - off >= 3) {
        int len = (inbuf[off + 1] << 8) | inbuf[off + 2];
        if (inlen - off < 3 + len) break;
        on_frame(inbuf[off], inbuf + off + 3, len);
        off += 3 + len;
    }
    memmove(inbuf, inbuf + off, (size_t)(inlen - off));
    inlen -= off;
}

static int tcp_connect(const char *hostport) {
    char host[256];
    const char *colon = strrchr(hostport, ':');
    if (!colon || colon - hostport >= (long)sizeof host) return -1;
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = 0;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
    if (getaddrinfo(host, colon + 1, &hints, &ai)) return -1;
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen)) { close(fd); fd = -1; }
    freeaddrinfo(ai);
    return fd;
}

static int tcp_accept(int port) {
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1)) return -1;
    getsockname(ls, (struct sockaddr *)&a, &al);
    out("LISTENING %d", ntohs(a.sin_port));
    int fd = accept(ls, NULL, NULL);
    close(ls);
    return fd;
}

static void usage(void) {
    fprintf(stderr, "usage: pri-peer (--connect HOST:PORT | --listen PORT) --span ID [--side net|cpe] [--debug]\n"
                    "                [--t200 MS] [--t203 MS] [--n200 N]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *connect_to = NULL;
    int listen_port = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--debug")) { debug = 1; continue; }
        if (!v) usage();
        if (!strcmp(a, "--connect")) connect_to = v;
        else if (!strcmp(a, "--listen")) listen_port = atoi(v);
        else if (!strcmp(a, "--span")) span = v;
        else if (!strcmp(a, "--side") && (!strcmp(v, "net") || !strcmp(v, "cpe"))) side_net = !strcmp(v, "net");
        else if (!strcmp(a, "--t200")) timer_args[0] = atoi(v);
        else if (!strcmp(a, "--t203")) timer_args[1] = atoi(v);
        else if (!strcmp(a, "--n200")) timer_args[2] = atoi(v);
        else usage();
        i++;
    }
    if (!!connect_to == (listen_port >= 0)) usage();
    pri_set_error(on_pri_error);
    pri_set_message(on_pri_message);
    if (connect_to) {
        if ((sock = tcp_connect(connect_to)) < 0) { out("ERROR cannot connect to %s", connect_to); out("CLOSED"); return 1; }
    } else if ((sock = tcp_accept(listen_port)) < 0) {
        out("ERROR cannot listen on %d", listen_port); return 1;
    }
    int one = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect_to) {
        char hello[128];
        snprintf(hello, sizeof hello, "HELLO %s", span);
        send_event(hello);
        send_event("L1 UP");
        hello_seen = 1;
        start_pri();
        out("READY");
    }
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } };
    timerfd_settime(tfd, 0, &its, NULL);
    char cmdbuf[4096];
    size_t cmdlen = 0;
    for (;;) {
        struct pollfd fds[3] = { { 0, POLLIN, 0 }, { sock, POLLIN, 0 }, { tfd, POLLIN, 0 } };
        int wait = timer_wait_ms(), due = pri ? run_deadlines() : -1;
        if (due >= 0 && due < wait) wait = due;
        if (poll(fds, 3, wait) < 0 && errno != EINTR) { perror("poll"); return 1; }
        if (fds[1].revents) read_socket();
        if (fds[2].revents & POLLIN) {
            uint64_t ticks = 0;
            if (read(tfd, &ticks, sizeof ticks) == sizeof ticks)
                for (uint64_t t = 0; t < ticks && t < 5; t++) media_tick();
        }
        if (fds[0].revents) {
            ssize_t n = read(0, cmdbuf + cmdlen, sizeof cmdbuf - 1 - cmdlen);
            if (n <= 0) return 0;   /* stdin closed: quit */
            cmdlen += (size_t)n;
            char *nl;
            while ((nl = memchr(cmdbuf, '\n', cmdlen))) {
                *nl = 0;
                size_t used = (size_t)(nl - cmdbuf) + 1;
                command(cmdbuf);
                memmove(cmdbuf, cmdbuf + used, cmdlen - used);
                cmdlen -= used;
            }
            if (cmdlen == sizeof cmdbuf - 1) cmdlen = 0;   /* overlong line: drop */
        }
        if (pri) { run_timers(); run_deadlines(); }
    }
}
