// Package apps manages IM applications as the IM console does: create,
// read and list them, change their profile, upgrade their edition, read
// their secret key, upgrade their signature algorithm, enable TRTC, and
// disable and delete them.
//
// Only ListIDs (cim DescribeSdkAppid) is a Tencent Cloud API 3.0 action
// and works against real Tencent Cloud. Every other method is an action
// of the IM console protocol (docs/protocol.md), which imtest, cmd/imref
// and self-hosted console backends serve; on a client made
// client.WithTencentCloud they fail before sending, matching
// client.ErrConsoleOnly: call them on a client made client.WithEndpoint.
//
// Refusals are *client.APIError; the ones that ask for a next step:
// FailedOperation.AppNotDisabled (Disable first, then Delete);
// FailedOperation.AppDisabled (a write on a Disabled app: only Delete,
// and UpgradeEdition at its edition or a higher one once its package
// ended, work);
// UnsupportedOperation.PaidAppDisable and .ContactSupport (a paid or TRTC
// trial app: Tencent support deletes it); FailedOperation.DowngradeNotAllowed
// (editions only go up); LimitExceeded.AppCount (300 apps per account:
// delete unused Trial apps); ResourceNotFound.App (no such app in this
// account: check the SDKAppID and the credentials).
package apps

import (
	"context"
	"fmt"
	"iter"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/console"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// Service calls the app actions. Create it with New; it is safe for
// concurrent use.
type Service struct {
	c *client.Client
}

// New returns the apps service over c.
func New(c *client.Client) *Service { return &Service{c: c} }

// Create registers a new app (RegisterIMApp). New apps are Trial, Enabled
// and use HMAC-SHA256. The request is checked locally first
// (CreateRequest.Validate: MissingParameter for a nil request or no
// Region, InvalidParameterValue.AppName, .AppType, .Intro or .Region);
// an account holds at most 300 apps
// (LimitExceeded.AppCount).
func (s *Service) Create(ctx context.Context, req *CreateRequest) (*App, error) {
	if req == nil {
		return nil, s.c.Call(ctx, ActionRegister, console.Refused(client.ValidationError(ActionRegister, "MissingParameter", "Create needs a *CreateRequest with at least AppName and Region")), nil)
	}
	return s.appCall(ctx, ActionRegister, console.Checked{Body: req})
}

// Get returns one app (DescribeIMApp); an unknown app, or one of another
// account, fails with ResourceNotFound.App (errors.Is client.ErrNotFound).
func (s *Service) Get(ctx context.Context, sdkAppID uint64) (*App, error) {
	return s.appCall(ctx, ActionGet, &consolewire.AppRequest{SDKAppID: sdkAppID})
}

// List returns one page of the account's apps, oldest first, with the total
// count (DescribeIMApps). opts may be nil. Options are checked locally
// first (ListOptions.Validate): a negative Offset, a Limit above 100, an
// unknown Edition or Status filter, or a TagFilter that is not a valid tag
// fails with its InvalidParameterValue.* code before any request.
func (s *Service) List(ctx context.Context, opts *ListOptions) (*ListResponse, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	var resp ListResponse
	if err := s.c.Call(ctx, ActionList, console.Checked{Body: &o}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// All walks every app matching opts (nil for all), fetching pages of
// opts.Limit (100 when 0) from opts.Offset. It does not modify opts. Options
// List refuses are refused here too: a Limit above 100 yields
// InvalidParameterValue.Limit before any request.
//
// It fails, without yielding the page that would go past them, once the
// pages hold more than MaxAppsPerAccount apps, which only a broken server
// answers.
//
// All pages by offset, so changing the set it walks while it walks skips
// apps: each Delete, or a Disable under a Status filter of Enabled, moves
// the apps after it to lower offsets, past the next page's start. To
// change every app it yields, collect their IDs first, then change them.
//
//	for app, err := range svc.All(ctx, nil) {
//		if err != nil { return err }
//		...
//	}
func (s *Service) All(ctx context.Context, opts *ListOptions) iter.Seq2[*App, error] {
	var base ListOptions
	if opts != nil {
		base = *opts
	}
	return client.All(ctx, base.Offset, base.Limit, func(ctx context.Context, offset, limit int) ([]*App, int, error) {
		o := base
		o.Offset, o.Limit = offset, limit
		page, err := s.List(ctx, &o)
		if err != nil {
			return nil, 0, err
		}
		if offset-base.Offset+len(page.Apps) > MaxAppsPerAccount { // a server that ignores Offset and leaves TotalCount out
			return nil, 0, fmt.Errorf("imconsole: %s: the pages hold more than the %d apps an account has; check the endpoint serves the console protocol", ActionList, MaxAppsPerAccount)
		}
		return page.Apps, page.TotalCount, nil
	})
}

// UpdateProfile changes the app's name, type or introduction
// (ModifyIMAppProfile); nil fields of p are kept. p is checked locally as
// Create checks a request (InvalidParameterValue.AppName, .AppType,
// .Intro), and one that changes nothing fails with MissingParameter; a
// Disabled app fails with FailedOperation.AppDisabled.
func (s *Service) UpdateProfile(ctx context.Context, sdkAppID uint64, p ProfileUpdate) (*App, error) {
	return s.appCall(ctx, ActionUpdateProfile, console.Checked{Body: &consolewire.UpdateProfileRequest{SDKAppID: sdkAppID, AppName: p.AppName, AppType: p.AppType, Intro: p.Intro}})
}

// UpgradeEdition moves the app to a higher edition (UpgradeIMAppPackage).
// Upgrades are one-way: asking for the same or a lower edition fails with
// FailedOperation.DowngradeNotAllowed, except that a paid app whose
// package ended (Expired, or Disabled by it) is renewed by asking for its
// own edition: a new one-year package, the app Enabled again. A Disabled
// app whose package did not end fails with FailedOperation.AppDisabled.
func (s *Service) UpgradeEdition(ctx context.Context, sdkAppID uint64, edition Edition) (*App, error) {
	return s.appCall(ctx, ActionUpgradeEdition, console.Checked{Body: &consolewire.UpgradeEditionRequest[Edition]{SDKAppID: sdkAppID, Edition: edition}})
}

// Disable stops a Trial app (DisableIMApp). An app already Disabled fails
// with FailedOperation.AppDisabled, whatever its edition. A paid app (Pro,
// Flagship, Enterprise) cannot be disabled by its owner
// (UnsupportedOperation.PaidAppDisable), nor a TRTC trial app, which is
// disabled on the TRTC side and then by support
// (UnsupportedOperation.ContactSupport).
func (s *Service) Disable(ctx context.Context, sdkAppID uint64) error {
	return s.c.Call(ctx, ActionDisable, &consolewire.AppWriteRequest{SDKAppID: sdkAppID}, nil)
}

// Delete removes a Disabled Trial app and all its data, for good
// (DeleteIMApp). A paid (Pro, Flagship, Enterprise) or TRTC trial app can
// only be deleted by support: it fails with
// UnsupportedOperation.ContactSupport whatever its status; a Trial app
// that is not Disabled fails with FailedOperation.AppNotDisabled.
func (s *Service) Delete(ctx context.Context, sdkAppID uint64) error {
	return s.c.Call(ctx, ActionDelete, &consolewire.AppWriteRequest{SDKAppID: sdkAppID}, nil)
}

// Secret returns the app's key material (DescribeIMAppSecret): the HMAC key,
// or for a legacy ECDSA app its private and public key. Treat it as a
// password; the Secret never prints, logs or encodes its keys. An answer
// without the key its algorithm needs is an error.
func (s *Service) Secret(ctx context.Context, sdkAppID uint64) (*Secret, error) {
	var resp Secret
	if err := s.c.Call(ctx, ActionSecret, &consolewire.AppRequest{SDKAppID: sdkAppID}, &resp); err != nil {
		return nil, err
	}
	switch {
	case resp.SignatureAlgorithm == AlgorithmHMACSHA256 && resp.Key == "":
		return nil, console.NoResult(ActionSecret, "Key, which an HMAC-SHA256 app signs with")
	case resp.SignatureAlgorithm == AlgorithmECDSASHA256 && resp.PrivateKey == "":
		return nil, console.NoResult(ActionSecret, "PrivateKey, which an ECDSA-SHA256 app signs with")
	case resp.Key == "" && resp.PrivateKey == "":
		return nil, console.NoResult(ActionSecret, "Key or PrivateKey")
	}
	return &resp, nil
}

// UpgradeSignatureAlgorithm moves a legacy ECDSA-SHA256 app to HMAC-SHA256
// (UpgradeIMAppSignatureAlgorithm). UserSigs issued before the upgrade stay
// valid until they expire; read the new key with Secret. An app already on
// HMAC-SHA256 fails with FailedOperation.AlreadyHMAC, a Disabled one with
// FailedOperation.AppDisabled.
func (s *Service) UpgradeSignatureAlgorithm(ctx context.Context, sdkAppID uint64) (*App, error) {
	return s.appCall(ctx, ActionUpgradeSignatureAlgorithm, &consolewire.AppWriteRequest{SDKAppID: sdkAppID})
}

// EnableTRTC opens Tencent RTC for the app under the same SDKAppID
// (OpenTRTCService). Enabling it again is a no-op; a Disabled app fails
// with FailedOperation.AppDisabled.
func (s *Service) EnableTRTC(ctx context.Context, sdkAppID uint64) (*App, error) {
	return s.appCall(ctx, ActionEnableTRTC, &consolewire.AppWriteRequest{SDKAppID: sdkAppID})
}

func (s *Service) appCall(ctx context.Context, action string, req any) (*App, error) {
	var resp consolewire.AppResponse[App]
	err := s.c.Call(ctx, action, req, &resp)
	return console.Result(action, "App", resp.App, err)
}
