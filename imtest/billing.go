package imtest

import (
	"fmt"
	"time"

	"github.com/imconsole/imconsole/apps"
)

// MarkArrears puts a paid app in Arrears, as when its account owes money.
// Seven days of server time later it is Disabled unless renewed. It fails
// for an unknown app, a Trial app or one that is not Enabled.
func (s *Server) MarkArrears(sdkAppID uint64) error {
	return s.billing("MarkArrears", sdkAppID, func(a *appState, now time.Time) error {
		if a.app.Status != apps.StatusEnabled {
			return fmt.Errorf("imtest: MarkArrears: app %d is %s; only an Enabled app falls into arrears", sdkAppID, a.app.Status)
		}
		a.app.Status, a.arrearsSince = apps.StatusArrears, now
		return nil
	})
}

// Refund refunds a paid app's package: the package ends now and the app is
// Disabled at once (Tencent's refund page, 1047/55095: the SDKAppID
// becomes 停用), until renewed. It fails for an unknown app, a Trial app
// or one already Disabled.
func (s *Server) Refund(sdkAppID uint64) error {
	return s.billing("Refund", sdkAppID, func(a *appState, now time.Time) error {
		if a.app.Status == apps.StatusDisabled {
			return fmt.Errorf("imtest: Refund: app %d is already Disabled", sdkAppID)
		}
		exp := now.UTC()
		a.app.Status, a.app.ExpiresAt = apps.StatusDisabled, &exp
		return nil
	})
}

// Renew pays a paid app's package for another year from the later of now
// and its expiry, and enables it again whatever its status. It fails for
// an unknown app or a Trial app.
func (s *Server) Renew(sdkAppID uint64) error {
	return s.billing("Renew", sdkAppID, func(a *appState, now time.Time) error {
		from := now
		if a.app.ExpiresAt != nil && a.app.ExpiresAt.After(now) {
			from = *a.app.ExpiresAt
		}
		exp := from.Add(packageTerm).UTC()
		a.app.Status, a.app.ExpiresAt = apps.StatusEnabled, &exp
		return nil
	})
}

// billing runs a billing event, of the helper named helper, on a paid app
// of any account.
func (s *Server) billing(helper string, sdkAppID uint64, event func(*appState, time.Time) error) error {
	return s.editApp(helper, sdkAppID, func(a *appState, now time.Time) error {
		if !a.app.Edition.Paid() {
			return fmt.Errorf("imtest: %s: app %d is %s; billing events apply to Pro, Flagship and Enterprise apps", helper, sdkAppID, a.app.Edition)
		}
		a.settle(now)
		return event(a, now)
	})
}
