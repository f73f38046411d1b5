package imtest

import (
	"fmt"
	"time"

	"github.com/imconsole/imconsole/apps"
)

// legacyCutoffUnix is 2019-08-15 00:00 China time, from which new apps use
// HMAC-SHA256.
const legacyCutoffUnix = 1565798400

// AppSeed describes an app to create directly, bypassing the API and its
// rules: legacy ECDSA apps, paid editions, past creation times.
type AppSeed struct {
	SecretID           string       // owner account; "" for the default account
	AppName            string       // default "seed<N>"
	AppType, Intro     string       // optional
	Region             apps.Region  // default RegionChina
	Edition            apps.Edition // default Trial; TRTCTrial sets TRTCEnabled
	Status             apps.Status  // default Enabled
	SignatureAlgorithm apps.Algorithm
	// default: ECDSA-SHA256 when CreatedAt is before 2019-08-15, else HMAC-SHA256
	TRTCEnabled bool
	CreatedAt   time.Time  // default: the server's now
	ExpiresAt   *time.Time // paid apps: default one year after the server's now
}

// SeedApp creates an app from seed and returns it. It fails for an unknown
// SecretID or an invalid edition/status combination.
func (s *Server) SeedApp(seed AppSeed) (*apps.App, error) {
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
	if app.Edition.Rank() == 0 {
		return nil, fmt.Errorf("imtest: SeedApp: unknown edition %q", app.Edition)
	}
	if app.Status == "" {
		app.Status = apps.StatusEnabled
	}
	if app.Edition == apps.EditionTRTCTrial {
		app.TRTCEnabled = true
	}
	if !app.Edition.Paid() && (app.Status == apps.StatusArrears || app.Status == apps.StatusExpired) {
		return nil, fmt.Errorf("imtest: SeedApp: a Trial app cannot be %s", app.Status)
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

// appLocked returns the app with sdkAppID for the test helper named
// helper, failing for an unknown app. s.mu is held.
func (s *Server) appLocked(helper string, sdkAppID uint64) (*appState, error) {
	a := s.apps[sdkAppID]
	if a == nil {
		return nil, fmt.Errorf("imtest: %s: app %d does not exist; create it with SeedApp or the console first", helper, sdkAppID)
	}
	return a, nil
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
