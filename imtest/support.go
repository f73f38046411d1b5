package imtest

import (
	"fmt"
	"time"

	"github.com/imconsole/imconsole/apps"
)

// DisableOnTRTC disables a TRTC trial app (edition TRTCTrial) from the TRTC
// side, as its owner does in the TRTC console: the app becomes Disabled. It
// fails for an unknown app, an app of another edition, or one already
// Disabled.
func (s *Server) DisableOnTRTC(sdkAppID uint64) error {
	return s.editApp("DisableOnTRTC", sdkAppID, func(a *appState, _ time.Time) error {
		if a.app.Edition != apps.EditionTRTCTrial {
			return fmt.Errorf("imtest: DisableOnTRTC: app %d is %s; only TRTCTrial apps are disabled on the TRTC side", sdkAppID, a.app.Edition)
		}
		if a.app.Status == apps.StatusDisabled {
			return fmt.Errorf("imtest: DisableOnTRTC: app %d is already Disabled", sdkAppID)
		}
		a.app.Status = apps.StatusDisabled
		return nil
	})
}

// SupportDelete deletes an app as Tencent Cloud support does on a ticket:
// a Disabled app of a paid edition (Pro, Flagship, Enterprise) or a
// TRTCTrial app, of any account. Deletion is final: the SDKAppID answers
// ResourceNotFound.App from then on and is never reused. It fails for an unknown app, an app
// that is not Disabled, or a Trial app (its owner deletes it with
// DeleteIMApp).
func (s *Server) SupportDelete(sdkAppID uint64) error {
	return s.editApp("SupportDelete", sdkAppID, func(a *appState, now time.Time) error {
		a.settle(now)
		if !a.app.Edition.Paid() && a.app.Edition != apps.EditionTRTCTrial {
			return fmt.Errorf("imtest: SupportDelete: app %d is %s; its owner deletes it with DeleteIMApp", sdkAppID, a.app.Edition)
		}
		if a.app.Status != apps.StatusDisabled {
			return fmt.Errorf("imtest: SupportDelete: app %d is %s; support deletes only Disabled apps", sdkAppID, a.app.Status)
		}
		delete(s.apps, sdkAppID)
		return nil
	})
}
