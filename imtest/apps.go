package imtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// firstAppID is the SdkAppId of the first app a server creates; IDs count up
// from it and are never reused.
const firstAppID = 1400000001

// arrearsGrace is how long a paid app stays in Arrears before it is
// Disabled. Tencent documents no such period (the facts mark "arrears 7
// days -> disabled" unverified); seven days is imconsole's own.
const arrearsGrace = 7 * 24 * time.Hour

// expiryGrace is how long a paid app whose package ran out stays Expired
// before it is Disabled: Tencent's renewal page (1047/55094) says to renew
// within 24 hours after the package expires, or the app is suspended.
const expiryGrace = 24 * time.Hour

// packageTerm is how long a purchased paid package (Pro, Flagship,
// Enterprise) lasts.
const packageTerm = 365 * 24 * time.Hour

// editionOrder is the one-way upgrade path, as UpgradeIMAppPackage's
// errors spell it.
const editionOrder = "Trial or TRTCTrial → Pro → Flagship → Enterprise"

// appState is one app and everything the server keeps about it.
type appState struct {
	app   apps.App
	owner *account

	hmacKey       string // set for HMAC-SHA256 apps, and after the upgrade
	ecdsaPrivate  string // PEM, legacy apps only
	ecdsaPublic   string // PEM, legacy apps only
	sigUpgradedAt time.Time
	arrearsSince  time.Time
	expiredSince  time.Time

	admins adminState // admins.go
	tags   tagState   // tags.go
	certs  certState  // certs.go
	v4     v4State    // v4.go
}

// view returns a copy of the app safe to hand out.
func (a *appState) view() *apps.App {
	v := a.app
	if a.app.ExpiresAt != nil {
		t := *a.app.ExpiresAt
		v.ExpiresAt = &t
	}
	return &v
}

// packageEnded reports whether a paid app's package has run out or was
// refunded by now: a Disabled app answers the REST API 60020 then ("the
// package expired and is disabled"), 60016 otherwise.
func (a *appState) packageEnded(now time.Time) bool {
	return a.app.Edition.Paid() && a.app.ExpiresAt != nil && !now.Before(*a.app.ExpiresAt)
}

// settle applies the time-driven transitions up to now: a paid package that
// ran out is Expired, and Disabled 24 hours later; Arrears becomes
// Disabled after 7 days, or 24 hours after its package ran out if that
// comes first (arrears does not extend the package).
func (a *appState) settle(now time.Time) {
	ended := a.app.ExpiresAt != nil && !now.Before(*a.app.ExpiresAt)
	if a.app.Status == apps.StatusEnabled && ended {
		a.app.Status, a.expiredSince = apps.StatusExpired, *a.app.ExpiresAt
	}
	switch {
	case a.app.Status == apps.StatusArrears && (!now.Before(a.arrearsSince.Add(arrearsGrace)) || ended && !now.Before(a.app.ExpiresAt.Add(expiryGrace))),
		a.app.Status == apps.StatusExpired && !now.Before(a.expiredSince.Add(expiryGrace)):
		a.app.Status = apps.StatusDisabled
	}
}

func (s *Server) registerAppActions() {
	s.actions[apps.ActionRegister] = handler(s.registerApp)
	s.actions[apps.ActionList] = handler(s.listApps)
	s.actions[apps.ActionGet] = handler(s.getApp)
	s.actions[apps.ActionUpdateProfile] = handler(s.updateProfile)
	s.actions[apps.ActionUpgradeEdition] = handler(s.upgradeEdition)
	s.actions[apps.ActionDisable] = handler(s.disableApp)
	s.actions[apps.ActionDelete] = handler(s.deleteApp)
	s.actions[apps.ActionSecret] = handler(s.appSecret)
	s.actions[apps.ActionUpgradeSignatureAlgorithm] = handler(s.upgradeSignatureAlgorithm)
	s.actions[apps.ActionEnableTRTC] = handler(s.enableTRTC)
}

// appOf returns the caller's app, settled to now. Another account's app is
// not found, exactly as an unknown one.
func (s *Server) appOf(c *call, id uint64) (*appState, error) {
	if id == 0 {
		return nil, apiError("MissingParameter", "SdkAppId is required")
	}
	a := s.apps[id]
	if a == nil || a.owner != c.account {
		return nil, apiError("ResourceNotFound.App", "app %d does not exist in this account; check the SdkAppId and the credentials", id)
	}
	a.settle(c.now)
	return a, nil
}

// writableAppOf is appOf for actions a Disabled app refuses.
func (s *Server) writableAppOf(c *call, id uint64) (*appState, error) {
	a, err := s.appOf(c, id)
	if err != nil {
		return nil, err
	}
	if a.app.Status == apps.StatusDisabled {
		return nil, appDisabled(id)
	}
	return a, nil
}

// appDisabled is the refusal of a write to a Disabled app.
func appDisabled(id uint64) error {
	return apiError("FailedOperation.AppDisabled", "app %d is Disabled; a paid app whose package ended is renewed with UpgradeIMAppPackage (its edition or a higher one), otherwise create a new app", id)
}

func (s *Server) appCount(acc *account) int {
	n := 0
	for _, a := range s.apps {
		if a.owner == acc {
			n++
		}
	}
	return n
}

// newApp creates an app for acc, with a fresh ID and key.
func (s *Server) newApp(acc *account, app apps.App) *appState {
	app.SDKAppID = s.nextAppID
	s.nextAppID++
	a := &appState{app: app, owner: acc}
	if app.SignatureAlgorithm == apps.AlgorithmECDSASHA256 {
		a.ecdsaPrivate, a.ecdsaPublic = newECDSAKeyPair()
	} else {
		a.app.SignatureAlgorithm = apps.AlgorithmHMACSHA256
		a.hmacKey = randomHex(32)
	}
	a.admins.setUp(app.CreatedAt)
	a.tags.setUp(app.CreatedAt)
	a.certs.setUp(app.CreatedAt)
	a.v4.setUp(app.CreatedAt)
	s.apps[app.SDKAppID] = a
	return a
}

func (s *Server) registerApp(c *call, req *apps.CreateRequest) (any, error) {
	if s.appCount(c.account) >= apps.MaxAppsPerAccount {
		return nil, apiError("LimitExceeded.AppCount", "the account already has %d apps, the most allowed; disable and delete an unused Trial app first", apps.MaxAppsPerAccount)
	}
	a := s.newApp(c.account, apps.App{
		AppName: req.AppName, AppType: req.AppType, Intro: req.Intro, Region: req.Region,
		Edition: apps.EditionTrial, Status: apps.StatusEnabled, CreatedAt: c.now.UTC(),
	})
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

func (s *Server) listApps(c *call, o *apps.ListOptions) (any, error) {
	limit := o.Limit
	if limit == 0 {
		limit = client.DefaultPageSize
	}
	filter := compileTagFilters(o.TagFilters)
	var matched []*apps.App
	for id := uint64(firstAppID); id < s.nextAppID; id++ {
		a := s.apps[id]
		if a == nil || a.owner != c.account {
			continue
		}
		a.settle(c.now)
		if (o.Edition != "" && a.app.Edition != o.Edition) || (o.Status != "" && a.app.Status != o.Status) || !a.tags.matches(filter) {
			continue
		}
		matched = append(matched, a.view())
	}
	resp := apps.ListResponse{Apps: []*apps.App{}, TotalCount: len(matched)}
	if o.Offset < len(matched) {
		resp.Apps = matched[o.Offset:min(o.Offset+limit, len(matched))]
	}
	return resp, nil
}

func (s *Server) getApp(c *call, req *consolewire.AppRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

func (s *Server) updateProfile(c *call, req *consolewire.UpdateProfileRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	if req.AppName != nil {
		a.app.AppName = *req.AppName
	}
	if req.AppType != nil {
		a.app.AppType = *req.AppType
	}
	if req.Intro != nil {
		a.app.Intro = *req.Intro
	}
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

// upgradeEdition buys a package: a higher edition, or, for a paid app
// whose package ended (Expired, or Disabled by it), the same one again
// (Tencent renews such apps through 升级套餐包). A new package runs a year
// from now; an upgrade of a running one keeps its expiry.
func (s *Server) upgradeEdition(c *call, req *consolewire.UpgradeEditionRequest[apps.Edition]) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	ended := a.packageEnded(c.now)
	if a.app.Status == apps.StatusDisabled && !ended {
		return nil, appDisabled(req.SDKAppID)
	}
	renew := ended && req.Edition == a.app.Edition
	switch {
	case req.Edition == a.app.Edition && !renew:
		return nil, apiError("FailedOperation.DowngradeNotAllowed", "app %d is already %s: nothing to upgrade (editions go %s)", req.SDKAppID, a.app.Edition, editionOrder)
	case req.Edition.Rank() <= a.app.Edition.Rank() && !renew:
		return nil, apiError("FailedOperation.DowngradeNotAllowed", "app %d is %s and upgrades are one-way (%s); to use %s, create a new app", req.SDKAppID, a.app.Edition, editionOrder, req.Edition)
	}
	if a.app.ExpiresAt == nil || ended {
		exp := c.now.Add(packageTerm).UTC()
		a.app.Status, a.app.ExpiresAt = apps.StatusEnabled, &exp
	}
	a.app.Edition = req.Edition
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

func (s *Server) disableApp(c *call, req *consolewire.AppWriteRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	switch {
	case a.app.Status == apps.StatusDisabled: // whatever the edition: a write on a Disabled app
		return nil, apiError("FailedOperation.AppDisabled", "app %d is already Disabled; delete it with DeleteIMApp if you no longer need it", req.SDKAppID)
	case a.app.Edition.Paid():
		return nil, apiError("UnsupportedOperation.PaidAppDisable", "app %d is %s: a paid app cannot be disabled by its owner; it is disabled 7 days after it falls into arrears, 24 hours after its package expires, or when its package is refunded", req.SDKAppID, a.app.Edition)
	case a.app.Edition == apps.EditionTRTCTrial:
		return nil, apiError("UnsupportedOperation.ContactSupport", "app %d is a TRTC trial app: disable it in the TRTC console first, then contact Tencent Cloud support to disable and delete it in IM", req.SDKAppID)
	}
	a.app.Status = apps.StatusDisabled
	return nil, nil
}

func (s *Server) deleteApp(c *call, req *consolewire.AppWriteRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	if a.app.Edition.Paid() {
		return nil, apiError("UnsupportedOperation.ContactSupport", "app %d is %s: a paid app can only be deleted by Tencent Cloud support; open a ticket", req.SDKAppID, a.app.Edition)
	}
	if a.app.Edition == apps.EditionTRTCTrial {
		if a.app.Status != apps.StatusDisabled {
			return nil, apiError("UnsupportedOperation.ContactSupport", "app %d is a TRTC trial app: disable it in the TRTC console first, then contact Tencent Cloud support to delete it", req.SDKAppID)
		}
		return nil, apiError("UnsupportedOperation.ContactSupport", "app %d is a TRTC trial app: only Tencent Cloud support can delete it; open a ticket", req.SDKAppID)
	}
	if a.app.Status != apps.StatusDisabled {
		return nil, apiError("FailedOperation.AppNotDisabled", "app %d is %s; disable it before deleting", req.SDKAppID, a.app.Status)
	}
	delete(s.apps, req.SDKAppID)
	return nil, nil
}

func (s *Server) appSecret(c *call, req *consolewire.AppRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	if a.app.SignatureAlgorithm == apps.AlgorithmECDSASHA256 {
		return secretResponse{SignatureAlgorithm: apps.AlgorithmECDSASHA256, PrivateKey: a.ecdsaPrivate, PublicKey: a.ecdsaPublic}, nil
	}
	return secretResponse{SignatureAlgorithm: apps.AlgorithmHMACSHA256, Key: a.hmacKey}, nil
}

// secretResponse is the answer of DescribeIMAppSecret: an apps.Secret
// without its MarshalJSON, so its JSON carries the keys in clear, as the
// answer must (Service.Secret decodes it into an apps.Secret). Printed
// (String, Format, GoString) or logged (LogValue) it shows them as a
// Secret does, "[redacted]".
type secretResponse apps.Secret

// String is Secret's: it reveals no key.
func (r secretResponse) String() string { return apps.Secret(r).String() }

// GoString is String, so %#v does not reveal the keys either.
func (r secretResponse) GoString() string { return r.String() }

// Format makes every fmt verb print String.
func (r secretResponse) Format(f fmt.State, verb rune) { apps.Secret(r).Format(f, verb) }

// LogValue keeps the keys out of slog output.
func (r secretResponse) LogValue() slog.Value { return apps.Secret(r).LogValue() }

func (s *Server) upgradeSignatureAlgorithm(c *call, req *consolewire.AppWriteRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	if a.app.SignatureAlgorithm == apps.AlgorithmHMACSHA256 {
		return nil, apiError("FailedOperation.AlreadyHMAC", "app %d already uses HMAC-SHA256; nothing to upgrade", req.SDKAppID)
	}
	a.app.SignatureAlgorithm = apps.AlgorithmHMACSHA256
	a.hmacKey = randomHex(32)
	a.sigUpgradedAt = c.now
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

func (s *Server) enableTRTC(c *call, req *consolewire.AppWriteRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	a.app.TRTCEnabled = true
	return consolewire.AppResponse[apps.App]{App: a.view()}, nil
}

// newECDSAKeyPair returns a P-256 key pair as SEC1 and PKIX PEM, the form
// the console hands legacy apps.
func newECDSAKeyPair() (privatePEM, publicPEM string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("imtest: generating an ECDSA key: %v", err))
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		panic(fmt.Sprintf("imtest: encoding an ECDSA key: %v", err))
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		panic(fmt.Sprintf("imtest: encoding an ECDSA public key: %v", err))
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}
