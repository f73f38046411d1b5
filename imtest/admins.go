package imtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// adminState is what the server keeps about one app's admins: DefaultAdmin
// first, then in the order added.
type adminState struct {
	list []admins.Admin
}

// setUp gives a new app its initial admins: DefaultAdmin, created with the
// app.
func (st *adminState) setUp(now time.Time) {
	st.list = []admins.Admin{{UserID: admins.DefaultAdmin, Default: true, CreatedAt: now.UTC()}}
}

// has reports whether userID is an admin of the app. Call it with s.mu
// held; a deleted admin is no longer one from the moment DeleteIMAppAdmin
// answers.
func (st *adminState) has(userID string) bool { return st.index(userID) >= 0 }

func (st *adminState) index(userID string) int {
	return slices.IndexFunc(st.list, func(a admins.Admin) bool { return a.UserID == userID })
}

// add makes userID an admin, enforcing the limit and uniqueness.
func (st *adminState) add(sdkAppID uint64, userID string, now time.Time) (*admins.Admin, error) {
	if st.has(userID) {
		return nil, apiError("ResourceInUse.Admin", "%q is already an admin of app %d; nothing to do", userID, sdkAppID)
	}
	if len(st.list) >= admins.MaxAdminsPerApp {
		return nil, apiError("LimitExceeded.AdminCount", "app %d already has %d admins, the most allowed (administrator included); delete one first", sdkAppID, admins.MaxAdminsPerApp)
	}
	a := admins.Admin{UserID: userID, CreatedAt: now.UTC()}
	st.list = append(st.list, a)
	return &a, nil
}

func (s *Server) registerAdminActions() {
	s.actions[admins.ActionList] = handler(s.listAdmins)
	s.actions[admins.ActionAdd] = handler(s.addAdmin)
	s.actions[admins.ActionDelete] = handler(s.deleteAdmin)
}

func (s *Server) listAdmins(c *call, req *consolewire.AppRequest) (any, error) {
	a, err := s.appOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	return consolewire.AdminsResponse[admins.Admin]{Admins: slices.Clone(a.admins.list)}, nil
}

func (s *Server) addAdmin(c *call, req *consolewire.AddAdminRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	added, err := a.admins.add(req.SDKAppID, req.UserID, c.now)
	if err != nil {
		return nil, err
	}
	return consolewire.AdminResponse[admins.Admin]{Admin: added}, nil
}

func (s *Server) deleteAdmin(c *call, req *consolewire.DeleteAdminRequest) (any, error) {
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	i := a.admins.index(req.UserID)
	switch {
	case i < 0:
		return nil, apiError("ResourceNotFound.Admin", "%q is not an admin of app %d; list the admins with DescribeIMAppAdmins", req.UserID, req.SDKAppID)
	case a.admins.list[i].Default:
		return nil, apiError("FailedOperation.DefaultAdmin", "%q is the default admin of app %d and cannot be removed; add another admin instead", req.UserID, req.SDKAppID)
	}
	a.admins.list = slices.Delete(a.admins.list, i, i+1)
	return nil, nil
}

// SeedAdmins makes userIDs admins of the app (of any account), as
// AddIMAppAdmin would, created at the server's now. It fails, adding none,
// for an unknown app, a malformed or repeated UserId, one that already is an
// admin, or more than 10 admins in all.
func (s *Server) SeedAdmins(sdkAppID uint64, userIDs ...string) error {
	return s.editApp("SeedAdmins", sdkAppID, func(a *appState, now time.Time) error {
		next := a.admins
		next.list = slices.Clone(a.admins.list)
		for _, id := range userIDs {
			if !admins.ValidUserID(id) {
				return fmt.Errorf("imtest: SeedAdmins: UserId %q is not 1-%d bytes of printable ASCII", id, admins.MaxUserIDBytes)
			}
			if _, err := next.add(sdkAppID, id, now); err != nil {
				return fmt.Errorf("imtest: SeedAdmins: %w", err)
			}
		}
		a.admins = next
		return nil
	})
}
