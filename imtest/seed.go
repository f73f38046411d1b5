package imtest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/imconsole/imconsole/apps"
)

// legacyCutoffUnix is 2019-08-15 00:00 China time, from which new apps use
// HMAC-SHA256.
const legacyCutoffUnix = 1565798400

// AppSeed describes an app to create directly, bypassing the API and its
// rules: legacy ECDSA apps, paid editions, past creation times.
type AppSeed struct {
	SecretID           string         // owner account; "" for the default account
	AppName            string         // default "seed<N>"
	AppType, Intro     string         // optional
	Region             apps.Region    // default RegionChina
	Edition            apps.Edition   // default Trial; TRTCTrial sets TRTCEnabled
	Status             apps.Status    // default Enabled
	SignatureAlgorithm apps.Algorithm // default ECDSA-SHA256 when CreatedAt is before 2019-08-15, else HMAC-SHA256
	TRTCEnabled        bool           // TRTC opened (OpenTRTCService); implied by TRTCTrial
	CreatedAt          time.Time      // default: the server's now
	ExpiresAt          *time.Time     // paid apps: default one year after the server's now (now for an Expired one)
}

// SeedApp creates an app from seed and returns it. It fails for an unknown
// SecretID, for an Edition, Status, SignatureAlgorithm or Region that is
// none of the apps package's (a typo such as "disabled" would make an app
// nothing treats as Disabled), for an ExpiresAt on an app that is not
// paid, and for an invalid edition/status combination.
func (s *Server) SeedApp(seed AppSeed) (*apps.App, error) {
	if err := seed.check(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	acc := s.defaultAcc
	if seed.SecretID != "" {
		if acc = s.accounts[seed.SecretID]; acc == nil {
			return nil, fmt.Errorf("imtest: SeedApp: no account has SecretId %s; create one with NewAccount", seed.SecretID)
		}
	}
	app := apps.App{
		AppName: seed.AppName, AppType: seed.AppType, Intro: seed.Intro, Region: seed.Region,
		Edition: seed.Edition, Status: seed.Status, SignatureAlgorithm: seed.SignatureAlgorithm,
		TRTCEnabled: seed.TRTCEnabled, CreatedAt: seed.CreatedAt.UTC(),
	}
	if app.Region == "" {
		app.Region = apps.RegionChina
	}
	if app.Edition == "" {
		app.Edition = apps.EditionTrial
	}
	if app.Status == "" {
		app.Status = apps.StatusEnabled
	}
	if app.Edition == apps.EditionTRTCTrial {
		app.TRTCEnabled = true
	}
	if seed.CreatedAt.IsZero() {
		app.CreatedAt = now.UTC()
	}
	if app.SignatureAlgorithm == "" {
		app.SignatureAlgorithm = apps.AlgorithmHMACSHA256
		if app.CreatedAt.Unix() < legacyCutoffUnix {
			app.SignatureAlgorithm = apps.AlgorithmECDSASHA256
		}
	}
	if app.Edition.Paid() {
		exp := now.Add(packageTerm).UTC()
		if app.Status == apps.StatusExpired {
			exp = now.UTC() // its package has just run out
		}
		if seed.ExpiresAt != nil {
			exp = seed.ExpiresAt.UTC()
		}
		app.ExpiresAt = &exp
	}
	a := s.newApp(acc, app)
	if a.app.AppName == "" {
		a.app.AppName = fmt.Sprintf("seed%d", a.app.SDKAppID-firstAppID+1)
	}
	switch a.app.Status {
	case apps.StatusArrears:
		a.arrearsSince = now
	case apps.StatusExpired:
		a.expiredSince = now
	}
	return a.view(), nil
}

// check reports what SeedApp refuses in seed, whose zero fields take
// their defaults.
func (seed AppSeed) check() error {
	edition := cmp.Or(seed.Edition, apps.EditionTrial)
	switch {
	case edition.Rank() == 0:
		return fmt.Errorf("imtest: SeedApp: unknown edition %q; use apps.EditionTrial, EditionTRTCTrial, EditionPro, EditionFlagship or EditionEnterprise", seed.Edition)
	case !slices.Contains([]apps.Status{"", apps.StatusEnabled, apps.StatusArrears, apps.StatusExpired, apps.StatusDisabled}, seed.Status):
		return fmt.Errorf("imtest: SeedApp: unknown status %q; use apps.StatusEnabled, StatusArrears, StatusExpired or StatusDisabled", seed.Status)
	case !edition.Paid() && (seed.Status == apps.StatusArrears || seed.Status == apps.StatusExpired):
		return fmt.Errorf("imtest: SeedApp: a %s app cannot be %s; seed a Pro, Flagship or Enterprise app for billing states", edition, seed.Status)
	case !slices.Contains([]apps.Algorithm{"", apps.AlgorithmHMACSHA256, apps.AlgorithmECDSASHA256}, seed.SignatureAlgorithm):
		return fmt.Errorf("imtest: SeedApp: unknown signature algorithm %q; use apps.AlgorithmHMACSHA256 or AlgorithmECDSASHA256, or none to follow CreatedAt", seed.SignatureAlgorithm)
	case seed.Region != "" && !apps.ValidRegion(seed.Region):
		return fmt.Errorf("imtest: SeedApp: region %q is not a data center; use one of apps.Regions(), or none for RegionChina", seed.Region)
	case seed.ExpiresAt != nil && !edition.Paid():
		return fmt.Errorf("imtest: SeedApp: a %s app has no package to expire; set ExpiresAt only with EditionPro, EditionFlagship or EditionEnterprise", edition)
	}
	return nil
}

// editApp runs edit on app sdkAppID (of any account) under s.mu, at the
// server's now, for the test helper named helper; it fails as appLocked
// does, or with edit's error.
func (s *Server) editApp(helper string, sdkAppID uint64, edit func(a *appState, now time.Time) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked(helper, sdkAppID)
	if err != nil {
		return err
	}
	return edit(a, s.nowLocked())
}

// appLocked returns the app with sdkAppID for the test helper named
// helper, failing for an unknown app, and saying so for a deleted one.
// s.mu is held.
func (s *Server) appLocked(helper string, sdkAppID uint64) (*appState, error) {
	a := s.apps[sdkAppID]
	switch {
	case a == nil && s.deletedLocked(sdkAppID):
		return nil, fmt.Errorf("imtest: %s: app %d was deleted (DeleteIMApp or SupportDelete), and its state with it; read it before deleting the app, or create another (SDKAppIDs are never reused)", helper, sdkAppID)
	case a == nil:
		return nil, fmt.Errorf("imtest: %s: app %d does not exist; create it with SeedApp or the console first", helper, sdkAppID)
	}
	return a, nil
}

// deletedLocked reports whether the server made an app sdkAppID that is
// deleted now. s.mu is held.
func (s *Server) deletedLocked(sdkAppID uint64) bool {
	return sdkAppID >= firstAppID && sdkAppID < s.nextAppID && s.apps[sdkAppID] == nil
}

// mustAppLocked is appLocked for a read helper, which has no error to
// return: it panics for an unknown app, so that an assertion about a
// mistyped SDKAppID fails instead of passing on empty state. s.mu is
// held.
func (s *Server) mustAppLocked(helper string, sdkAppID uint64) *appState {
	a, err := s.appLocked(helper, sdkAppID)
	if err != nil {
		panic(err.Error())
	}
	return a
}
