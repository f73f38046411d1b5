// Package admins manages an IM app's account administrators (App
// 管理员): the UserIds allowed to call the IM REST API for the app, import
// accounts, dissolve groups and so on.
//
// Every app has the default admin "administrator" (DefaultAdmin), which
// cannot be removed, and at most 10 admins in all. A UserId is 1-32 bytes of
// printable ASCII; the SDK checks it before sending.
//
// Every method is an action of the IM console protocol (docs/protocol.md),
// which imtest, cmd/imref and self-hosted console backends serve: Tencent
// Cloud API 3.0 has no admin action, so on a client made
// client.WithTencentCloud they fail before sending, matching
// client.ErrConsoleOnly: call them on a client made client.WithEndpoint.
//
// Refusals are *client.APIError: LimitExceeded.AdminCount (delete an
// admin first), ResourceInUse.Admin (already an admin: nothing to do),
// ResourceNotFound.Admin (not an admin), FailedOperation.DefaultAdmin
// (administrator stays), InvalidParameterValue.UserId (found before
// sending) and FailedOperation.AppDisabled (the app is Disabled).
package admins

import (
	"context"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/console"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// Service calls the admin actions. Create it with New; it is safe for
// concurrent use.
type Service struct {
	c *client.Client
}

// New returns the admins service over c.
func New(c *client.Client) *Service { return &Service{c: c} }

// List returns the app's admins (DescribeIMAppAdmins), DefaultAdmin first,
// then in the order they were added. An unknown app, or one of another
// account, fails with ResourceNotFound.App (errors.Is client.ErrNotFound).
// An answer that lists no admin, not even DefaultAdmin, is an error.
func (s *Service) List(ctx context.Context, sdkAppID uint64) ([]Admin, error) {
	var resp consolewire.AdminsResponse[Admin]
	if err := s.c.Call(ctx, ActionList, &consolewire.AppRequest{SDKAppID: sdkAppID}, &resp); err != nil {
		return nil, err
	}
	if len(resp.Admins) == 0 {
		return nil, console.NoResult(ActionList, "Admins (every app has "+DefaultAdmin+")")
	}
	return resp.Admins, nil
}

// Add makes userID an admin of the app (AddIMAppAdmin) and returns it; an
// answer without the Admin is an error.
// It fails with InvalidParameterValue.UserId (checked before sending) when
// userID is not 1-32 bytes of printable ASCII, ResourceInUse.Admin
// (client.ErrInUse) when it already is an admin, LimitExceeded.AdminCount
// when the app already has 10 admins (delete one first), and
// FailedOperation.AppDisabled on a Disabled app. A retry after a lost
// response is answered with the first response, not ResourceInUse.Admin.
func (s *Service) Add(ctx context.Context, sdkAppID uint64, userID string) (*Admin, error) {
	req := &consolewire.AddAdminRequest{SDKAppID: sdkAppID, UserID: userID}
	var resp consolewire.AdminResponse[Admin]
	err := s.c.Call(ctx, ActionAdd, console.Checked{Body: req}, &resp)
	return console.Result(ActionAdd, "Admin", resp.Admin, err)
}

// Delete removes userID from the app's admins (DeleteIMAppAdmin); it can no
// longer call the REST API from that moment. It fails with
// FailedOperation.DefaultAdmin for DefaultAdmin, ResourceNotFound.Admin
// (client.ErrNotFound) when userID is not an admin,
// InvalidParameterValue.UserId (checked before sending) for a malformed
// userID, and FailedOperation.AppDisabled on a Disabled app.
func (s *Service) Delete(ctx context.Context, sdkAppID uint64, userID string) error {
	req := &consolewire.DeleteAdminRequest{SDKAppID: sdkAppID, UserID: userID}
	return s.c.Call(ctx, ActionDelete, console.Checked{Body: req}, nil)
}
