// Command usersig issues, verifies and decodes Tencent Cloud IM / TRTC
// UserSigs with package github.com/imconsole/imconsole/usersig.
//
// Usage:
//
//	usersig gen    --app ID --user ID [--ttl 180d] [--userbuf-hex HEX | --room N | --room-str S] [--privileges 255] [--issued T] [--level N]
//	usersig verify --app ID --user ID [--now T] [--userbuf-hex HEX | --privatemap] SIG
//	usersig decode [--now T] SIG
//
// The key is read from the file named by --key-file (at most 64 KiB), or
// else from the IM_SECRET_KEY environment variable; it is never taken from
// the command line. An HMAC key is the app's secret key (64 hex characters); a PEM key
// selects the legacy ECDSA algorithm (the private key to sign; the public
// key, or the private key it derives from, to verify). Surrounding
// whitespace, such as a key file's final newline, is removed from HMAC keys.
//
// SIG is a UserSig, or "-" to read it from standard input; surrounding
// whitespace is ignored. Times (T) are unix seconds or RFC 3339. Durations
// are Go durations ("24h"), days ("180d") or seconds ("86400"), greater
// than zero. --privileges needs --room or --room-str.
//
// decode and verify print the claims as JSON. Exit status: 0 ok, 1
// rejected (invalid, expired, mismatched or malformed UserSig, or a token
// the signer refuses), 2 usage error (bad flags, missing or invalid key).
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/imconsole/imconsole/internal/cliflag"
	"github.com/imconsole/imconsole/usersig"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
)

const usageText = `usage:
  usersig gen    --app ID --user ID [--ttl 180d] [--userbuf-hex HEX | --room N | --room-str S] [--privileges 255] [--issued T] [--level N]
  usersig verify --app ID --user ID [--now T] [--userbuf-hex HEX | --privatemap] SIG
  usersig decode [--now T] SIG

The key comes from --key-file FILE or the IM_SECRET_KEY environment variable
(HMAC secret key, or a PEM key for legacy ECDSA apps: the private key to sign,
the public or private key to verify). SIG "-" reads standard input. Times are
unix seconds or RFC 3339; durations are "24h", "180d" or seconds. Exit status:
0 ok, 1 rejected, 2 usage.
`

// usageError is an error in the command line or configuration.
// reported is set when the flag package printed it already, with the
// flag set's usage.
type usageError struct {
	msg      string
	reported bool
}

// Error returns the message.
func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run executes the command line args and returns the exit status; stdin
// is where a UserSig argument "-" is read from.
func run(args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "gen":
		err = cmdGen(args[1:], env, stdout, stderr)
	case "verify":
		err = cmdVerify(args[1:], env, stdin, stdout, stderr)
	case "decode":
		err = cmdDecode(args[1:], stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	default:
		err = usagef("unknown command %s; the commands are gen, verify and decode", cliflag.Shown(args[0]))
	}
	var ue *usageError
	var msg string // the library's messages have the command's prefix already
	if err != nil {
		msg = strings.TrimPrefix(err.Error(), "usersig: ")
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		if !ue.reported {
			fmt.Fprintf(stderr, "usersig: %s\n\n%s", msg, usageText)
		}
		return exitUsage
	default:
		fmt.Fprintf(stderr, "usersig: rejected: %s\n", msg)
		return exitRejected
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("usersig "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing flags after the positional arguments.
// A bad flag is a usage error reported here, with the usage, and without
// the value of an argument the flag package cannot read (cliflag.Parse):
// it may be a key.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := cliflag.Parse(fs, args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, err
			}
			fmt.Fprintln(fs.Output(), err)
			// The hint goes before the flag list, where it is seen.
			if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok && (strings.Contains(name, "key") || strings.Contains(name, "secret")) {
				fmt.Fprintln(fs.Output(), "usersig: keys are never taken from the command line: set IM_SECRET_KEY or --key-file FILE")
			}
			fs.Usage()
			return nil, &usageError{msg: err.Error(), reported: true}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// maxKeyFile is the most readKey reads of --key-file: a PEM key with its
// EC PARAMETERS is under 1 KiB, an HMAC key 64 bytes, so a longer file is
// not a key file (a log, an archive, or an endless device such as
// /dev/zero, which would otherwise be read until memory runs out).
const maxKeyFile = 64 << 10

// readKey returns the key from --key-file (at most maxKeyFile bytes) or
// IM_SECRET_KEY.
func readKey(keyFile string, env func(string) string) ([]byte, error) {
	if keyFile != "" {
		b, err := readKeyFile(keyFile)
		var pe *fs.PathError
		if errors.As(err, &pe) { // without the path: it may be the key itself, given by mistake
			err = pe.Err
		}
		if err != nil {
			return nil, usagef("reading --key-file: %v (it names the file that holds the key)", err)
		}
		if len(b) > maxKeyFile {
			return nil, usagef("--key-file is larger than %d bytes (64 KiB), too large for a key: pass the file that holds only the app's key (the HMAC secret key, or a PEM key)", maxKeyFile)
		}
		return b, nil
	}
	if k := env("IM_SECRET_KEY"); k != "" {
		return []byte(k), nil
	}
	return nil, usagef("no key: set --key-file FILE or the IM_SECRET_KEY environment variable (keys are never read from the command line)")
}

// readKeyFile reads name up to one byte past maxKeyFile, so readKey can
// tell a file that is too long.
func readKeyFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxKeyFile+1))
}

// fromKey reads the key (see readKey) and builds the signer or verifier
// gen and verify need from it: with newECDSA for a PEM key, with newHMAC
// (given the key without surrounding space) otherwise. A key the
// constructor refuses is a usage error.
func fromKey[T any](keyFile string, env func(string) string, newECDSA func(pem []byte) (T, error), newHMAC func(key string) (T, error)) (T, error) {
	var t T
	key, err := readKey(keyFile, env)
	if err != nil {
		return t, err
	}
	if strings.Contains(string(key), "-----BEGIN ") {
		if b, _ := pem.Decode(key); b == nil {
			return t, usagef("the key starts a PEM block but is not one (copy the whole key, through its -----END line); an HMAC secret key is 64 hex characters")
		}
		t, err = newECDSA(key)
	} else {
		t, err = newHMAC(strings.TrimSpace(string(key)))
	}
	if err != nil {
		// Without the name of the library's constructor: the command has none.
		msg := strings.TrimPrefix(err.Error(), "usersig: ")
		if fn, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(fn, " ") {
			msg = rest
		}
		return t, usagef("%s", msg)
	}
	return t, nil
}

// isPrivatePEM reports whether the first key block of data (after any EC
// PARAMETERS block, as usersig reads it) is a private key: gen signs with
// it, verify with its public key.
func isPrivatePEM(data []byte) bool {
	for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
		if b.Type != "EC PARAMETERS" {
			return strings.HasSuffix(b.Type, "PRIVATE KEY")
		}
	}
	return false
}

// parseTime accepts unix seconds or RFC 3339; "" is now.
func parseTime(s, flagName string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("--%s %s: want unix seconds or RFC 3339 (2024-01-02T15:04:05Z)", flagName, cliflag.Value(s))
	}
	return t, nil
}

// parseTTL accepts "86400" (seconds), "180d" (days) or a Go duration,
// greater than zero; a count of seconds or days too large for a
// time.Duration is refused, not wrapped around.
func parseTTL(s string) (time.Duration, error) {
	unit, digits := time.Second, s
	if d, ok := strings.CutSuffix(s, "d"); ok {
		unit, digits = 24*time.Hour, d
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	t := time.Duration(max(n, 0)) * unit // a negative count is refused below, as zero is
	switch {
	case err == nil && n > int64(math.MaxInt64/unit), errors.Is(err, strconv.ErrRange):
		return 0, usagef("--ttl %s is out of range (Tencent's documents give at most 10 or 50 years)", cliflag.Value(s))
	case err != nil && digits == s:
		t, err = time.ParseDuration(s)
	}
	switch {
	case err != nil:
		return 0, usagef("--ttl %s: want seconds (86400), days (180d) or a duration (24h)", cliflag.Value(s))
	case t <= 0:
		return 0, usagef("--ttl %s: the validity must be greater than zero (Tencent recommends at least 24h)", cliflag.Value(s))
	}
	return t, nil
}

// identityFlags are the flags gen and verify share: the SDKAppID, the
// UserID, the key and the userbuf. Each command says in its help what it
// does with the UserID and the userbuf.
type identityFlags struct {
	app, user, keyFile, userBufHex *string
}

// addIdentityFlags defines the identity flags on fs, with the help texts
// of the command's --user and --userbuf-hex.
func addIdentityFlags(fs *flag.FlagSet, userHelp, userBufHelp string) identityFlags {
	return identityFlags{
		app:        fs.String("app", "", "SDKAppID"),
		user:       fs.String("user", "", userHelp),
		keyFile:    fs.String("key-file", "", "file holding the key (default: $IM_SECRET_KEY)"),
		userBufHex: fs.String("userbuf-hex", "", userBufHelp),
	}
}

// sdkAppID checks --app and --user, which gen and verify both require,
// and returns the SDKAppID.
func (id identityFlags) sdkAppID() (uint64, error) {
	app := *id.app
	if app == "" {
		return 0, usagef("--app is required (the SDKAppID, a 10-digit number)")
	}
	appID, err := strconv.ParseUint(app, 10, 64)
	if err != nil {
		return 0, usagef("--app %s is not a number", cliflag.Shown(app))
	}
	if *id.user == "" {
		return 0, usagef("--user is required")
	}
	return appID, nil
}

// parseSigArgs parses the flags of verify and decode and returns their
// one positional argument, the UserSig, or standard input for "-".
func parseSigArgs(fs *flag.FlagSet, args []string, stdin io.Reader) (string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usagef("want exactly one UserSig argument (or - for standard input), got %d", len(pos))
	}
	sig := pos[0]
	if sig == "-" {
		b, err := io.ReadAll(io.LimitReader(bufio.NewReader(stdin), 1<<20))
		if err != nil {
			return "", usagef("reading standard input: %v", err)
		}
		sig = string(b)
	}
	return strings.TrimSpace(sig), nil
}

func cmdGen(args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", stderr)
	id := addIdentityFlags(fs, "UserID", "userbuf, in hex")
	ttlText := fs.String("ttl", "180d", "validity: seconds, days (180d) or a duration (24h)")
	room := fs.Uint64("room", 0, "numeric TRTC room: issue a PrivateMapKey")
	roomStr := fs.String("room-str", "", "string TRTC room: issue a PrivateMapKey")
	privileges := fs.Uint64("privileges", uint64(usersig.PrivAll), "PrivateMapKey privileges bit set (255 = all)")
	issuedText := fs.String("issued", "", "issue time, unix seconds or RFC 3339 (default now)")
	level := fs.Int("level", 0, "zlib level, -2..9 (default 0, as the official Go library)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		// Never the text: it may be a key pasted by mistake.
		return usagef("gen takes no arguments, got %d (keys come from IM_SECRET_KEY or --key-file, never from the command line)", len(pos))
	}
	appID, err := id.sdkAppID()
	if err != nil {
		return err
	}
	ttl, err := parseTTL(*ttlText)
	if err != nil {
		return err
	}
	issued, err := parseTime(*issuedText, "issued")
	if err != nil {
		return err
	}
	pmk := *room != 0 || *roomStr != ""
	if pmk && *id.userBufHex != "" {
		return usagef("--userbuf-hex cannot be combined with --room or --room-str")
	}
	if *room != 0 && *roomStr != "" {
		return usagef("--room and --room-str are exclusive: a PrivateMapKey grants a numeric room or a string room")
	}
	if len(*roomStr) > 1024 {
		return usagef("--room-str is %d bytes; a string room is at most 1024", len(*roomStr))
	}
	privilegesSet := false
	fs.Visit(func(f *flag.Flag) { privilegesSet = privilegesSet || f.Name == "privileges" })
	if privilegesSet && !pmk {
		return usagef("--privileges needs a room: --room N (N > 0) or --room-str S")
	}
	if *room > 1<<32-1 || *privileges > 1<<32-1 {
		return usagef("--room and --privileges are 32-bit")
	}
	userBuf, err := decodeUserBuf(*id.userBufHex)
	if err != nil {
		return err
	}
	opts := []usersig.SignerOption{usersig.WithCompressionLevel(*level), usersig.WithClock(func() time.Time { return issued })}
	s, err := fromKey(*id.keyFile, env,
		func(pem []byte) (*usersig.Signer, error) {
			if !isPrivatePEM(pem) {
				return nil, errors.New("gen needs the app's private key PEM; a public key only verifies")
			}
			return usersig.NewECDSASigner(appID, pem, opts...)
		},
		func(key string) (*usersig.Signer, error) { return usersig.NewHMACSigner(appID, key, opts...) })
	if err != nil {
		return err
	}
	var sig string
	if pmk {
		sig, err = s.SignPrivateMapKey(*id.user, ttl, usersig.PrivateMap{RoomID: uint32(*room), RoomStr: *roomStr, Privileges: usersig.Privilege(*privileges)})
	} else {
		sig, err = s.SignToken(usersig.Token{UserID: *id.user, TTL: ttl, UserBuf: userBuf})
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, sig)
	return err
}

func cmdVerify(args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("verify", stderr)
	id := addIdentityFlags(fs, "UserID the UserSig must be issued to", "expect exactly this userbuf (hex; empty: an empty userbuf)")
	nowText := fs.String("now", "", "verification time, unix seconds or RFC 3339 (default now)")
	privateMap := fs.Bool("privatemap", false, "expect a PrivateMapKey and print its PrivateMap")
	sig, err := parseSigArgs(fs, args, stdin)
	if err != nil {
		return err
	}
	appID, err := id.sdkAppID()
	if err != nil {
		return err
	}
	now, err := parseTime(*nowText, "now")
	if err != nil {
		return err
	}
	userBufSet := false
	fs.Visit(func(f *flag.Flag) { userBufSet = userBufSet || f.Name == "userbuf-hex" })
	if *privateMap && userBufSet {
		return usagef("--userbuf-hex and --privatemap are exclusive")
	}
	want, err := decodeUserBuf(*id.userBufHex)
	if err != nil {
		return err
	}
	if userBufSet && want == nil {
		want = []byte{} // --userbuf-hex= expects the empty userbuf the official Python and Node libraries sign
	}
	v, err := fromKey(*id.keyFile, env,
		func(pem []byte) (*usersig.Verifier, error) {
			if !isPrivatePEM(pem) {
				return usersig.NewECDSAVerifier(appID, pem)
			}
			s, err := usersig.NewECDSASigner(appID, pem) // to verify with its public key
			if err != nil {
				return nil, err
			}
			pub, _ := s.PublicKeyPEM() // an ECDSA signer has one
			return usersig.NewECDSAVerifier(appID, pub)
		},
		func(key string) (*usersig.Verifier, error) { return usersig.NewHMACVerifier(appID, key) })
	if err != nil {
		return err
	}
	var tok usersig.Token
	switch {
	case *privateMap:
		tok, _, err = v.VerifyPrivateMapKeyAt(sig, *id.user, now)
	case want != nil:
		tok, err = v.VerifyUserBufAt(sig, *id.user, want, now)
	default:
		tok, err = v.VerifyAt(sig, *id.user, now)
	}
	// The library's advice names its functions; these name the flags.
	switch {
	case errors.Is(err, usersig.ErrUserBufMismatch) && !*privateMap && want == nil:
		return fmt.Errorf("%w: the UserSig carries a userbuf (a PrivateMapKey or a UserSig made with a userbuf): verify it with --privatemap or --userbuf-hex HEX (--userbuf-hex= for an empty one)", usersig.ErrUserBufMismatch)
	case errors.Is(err, usersig.ErrUserBufMismatch) && *privateMap && carriesOtherUserBuf(sig):
		return fmt.Errorf("%w: the UserSig's userbuf is not a PrivateMap buffer, so it is not a PrivateMapKey: verify it with --userbuf-hex HEX", usersig.ErrUserBufMismatch)
	case errors.Is(err, usersig.ErrAlgorithm) && v.Algorithm() == usersig.HMACSHA256:
		return fmt.Errorf("%w: the UserSig is a legacy ECDSA-SHA256 ticket but the key is an HMAC secret key: verify it with the app's public key PEM (--key-file)", usersig.ErrAlgorithm)
	case errors.Is(err, usersig.ErrAlgorithm):
		return fmt.Errorf("%w: the UserSig is HMAC-SHA256 but the key is a legacy ECDSA PEM key: verify it with the app's secret key (IM_SECRET_KEY or --key-file)", usersig.ErrAlgorithm)
	case err != nil:
		return err
	}
	return printClaims(stdout, tok, v.Algorithm(), now)
}

// carriesOtherUserBuf reports whether sig carries a userbuf that is not a
// PrivateMap buffer.
func carriesOtherUserBuf(sig string) bool {
	tok, _, err := usersig.Decode(sig)
	_, perr := usersig.ParsePrivateMap(tok.UserBuf)
	return err == nil && tok.UserBuf != nil && perr != nil
}

// decodeUserBuf decodes the value of --userbuf-hex; "" is no userbuf
// (nil). Text that is not hex is a usage error.
func decodeUserBuf(text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	b, err := hex.DecodeString(text)
	if err != nil {
		return nil, usagef("--userbuf-hex: %v", err)
	}
	return b, nil
}

func cmdDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", stderr)
	nowText := fs.String("now", "", "time for the \"expired\" field, unix seconds or RFC 3339 (default now)")
	sig, err := parseSigArgs(fs, args, stdin)
	if err != nil {
		return err
	}
	now, err := parseTime(*nowText, "now")
	if err != nil {
		return err
	}
	tok, alg, err := usersig.Decode(sig)
	if err != nil {
		return err
	}
	return printClaims(stdout, tok, alg, now)
}

// claims is the JSON printed by decode and verify.
type claims struct {
	Algorithm   string          `json:"algorithm"`
	App         uint64          `json:"app"`
	User        string          `json:"user"`
	Issued      string          `json:"issued"`
	IssuedUnix  int64           `json:"issued_unix"`
	Expires     string          `json:"expires"`
	ExpiresUnix int64           `json:"expires_unix"`
	TTLSeconds  int64           `json:"ttl_seconds"`
	Expired     bool            `json:"expired"`
	UserBuf     *string         `json:"userbuf,omitempty"`
	UserBufHex  *string         `json:"userbuf_hex,omitempty"`
	PrivateMap  *privateMapJSON `json:"privatemap,omitempty"`
}

type privateMapJSON struct {
	RoomID         uint32 `json:"room_id"`
	RoomStr        string `json:"room_str,omitempty"`
	Privileges     uint32 `json:"privileges"`
	PrivilegeNames string `json:"privilege_names"`
	User           string `json:"user"`
	App            uint64 `json:"app"`
	Expires        string `json:"expires"`
	ExpiresUnix    int64  `json:"expires_unix"`
}

func printClaims(w io.Writer, tok usersig.Token, alg usersig.Algorithm, now time.Time) error {
	exp := tok.ExpiresAt()
	c := claims{
		Algorithm:   alg.String(),
		App:         tok.SDKAppID,
		User:        tok.UserID,
		Issued:      tok.IssuedAt.UTC().Format(time.RFC3339),
		IssuedUnix:  tok.IssuedAt.Unix(),
		Expires:     exp.UTC().Format(time.RFC3339),
		ExpiresUnix: exp.Unix(),
		TTLSeconds:  int64(tok.TTL / time.Second),
		Expired:     tok.Expired(now),
	}
	if tok.UserBuf != nil {
		b64, hx := base64.StdEncoding.EncodeToString(tok.UserBuf), hex.EncodeToString(tok.UserBuf)
		c.UserBuf, c.UserBufHex = &b64, &hx
		if pm, err := usersig.ParsePrivateMap(tok.UserBuf); err == nil {
			c.PrivateMap = &privateMapJSON{
				RoomID:         pm.RoomID,
				RoomStr:        pm.RoomStr,
				Privileges:     uint32(pm.Privileges),
				PrivilegeNames: pm.Privileges.String(),
				User:           pm.UserID,
				App:            pm.SDKAppID,
				Expires:        pm.ExpiresAt.UTC().Format(time.RFC3339),
				ExpiresUnix:    pm.ExpiresAt.Unix(),
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}
