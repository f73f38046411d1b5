package imtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// pushOnlineFor is how long a PushOnline platform stays so without
// logging in again; then it is Offline.
const pushOnlineFor = 7 * 24 * time.Hour

// v4Presence is the status of one platform of an account, since when.
type v4Presence struct {
	status restapi.OnlineStatus
	since  time.Time
}

// platforms are the Platform values query_online_status answers.
var platforms = []restapi.Platform{
	restapi.PlatformIPhone, restapi.PlatformAndroid, restapi.PlatformWeb,
	restapi.PlatformPC, restapi.PlatformIPad, restapi.PlatformMac,
}

// v4QueryOnlineStatus answers the status of each account asked, in order:
// Online when a platform is Online, else PushOnline when one is, else
// Offline; accounts that are not imported go to ErrorList with 70107.
func (s *Server) v4QueryOnlineStatus(c *v4Call, req *restapi.QueryOnlineStatusRequest) (any, error) {
	st := &c.app.v4
	resp := restapi.QueryOnlineStatusResponse{QueryResult: []restapi.UserStatus{}}
	for _, id := range req.ToAccount {
		if st.accounts[id] == nil {
			resp.ErrorList = append(resp.ErrorList, restapi.AccountError{ToAccount: id, ErrorCode: restapi.CodeNotImported})
			continue
		}
		u := st.status(id, c.now)
		if req.IsNeedDetail != 1 {
			u.Detail = nil
		}
		resp.QueryResult = append(resp.QueryResult, u)
	}
	return resp, nil
}

// v4QueryState serves querystate, the legacy name of query_online_status
// Tencent still answers: the same request and checks, with each account's
// status in State instead of Status (Detail entries keep Status).
func (s *Server) v4QueryState(c *v4Call, req *restapi.QueryOnlineStatusRequest) (any, error) {
	resp, err := s.v4QueryOnlineStatus(c, req)
	if err != nil {
		return nil, err
	}
	r := resp.(restapi.QueryOnlineStatusResponse)
	type legacyStatus struct {
		ToAccount string                   `json:"To_Account"`
		State     restapi.OnlineStatus     `json:"State"`
		Detail    []restapi.PlatformStatus `json:"Detail,omitempty"`
	}
	out := struct {
		QueryResult []legacyStatus         `json:"QueryResult"`
		ErrorList   []restapi.AccountError `json:"ErrorList,omitempty"`
	}{QueryResult: []legacyStatus{}, ErrorList: r.ErrorList}
	for _, u := range r.QueryResult {
		out.QueryResult = append(out.QueryResult, legacyStatus{u.ToAccount, u.Status, u.Detail})
	}
	return out, nil
}

// status is the online status of an imported account at now, with its
// platforms in the order of platforms.
func (st *v4State) status(userID string, now time.Time) restapi.UserStatus {
	u := restapi.UserStatus{ToAccount: userID, Status: restapi.StatusOffline}
	for _, p := range platforms {
		ps, ok := st.presence[userID][p]
		if !ok || ps.status == restapi.StatusPushOnline && now.Sub(ps.since) >= pushOnlineFor {
			continue
		}
		u.Detail = append(u.Detail, restapi.PlatformStatus{Platform: p, Status: ps.status})
		if ps.status == restapi.StatusOnline || u.Status == restapi.StatusOffline {
			u.Status = ps.status
		}
	}
	return u
}

// v4Kick logs an imported account out of every platform (70107 for one
// that is not imported) and sends State.StateChange (Logout). The legacy
// field Identifier is read for UserID (kickBody).
func (s *Server) v4Kick(c *v4Call, req *kickBody) (any, error) {
	st := &c.app.v4
	if err := st.imported("account", req.UserID, restapi.CodeNotImported); err != nil {
		return nil, err
	}
	delete(st.presence, req.UserID)
	s.afterStateChange(c.app.app.SDKAppID, c.now, req.UserID, "", restapi.StatusOffline)
	return nil, nil
}

// SetOnline sets the status of one platform (one of the restapi.Platform
// constants: "iPhone", "Android", "Web", "PC", "iPad" or "Mac") of an
// imported account, as if its devices had logged in (StatusOnline), gone
// to the background (StatusPushOnline, kept 7 days of server time) or
// logged out (StatusOffline). It fails for an unknown app, an account that
// is not imported, or an unknown platform or status. With callbacks set
// (SetCallback) it sends State.StateChange (Login, Logout or Disconnect)
// and returns once it was answered.
func (s *Server) SetOnline(sdkAppID uint64, userID string, platform restapi.Platform, status restapi.OnlineStatus) error {
	if !slices.Contains(platforms, platform) {
		return fmt.Errorf("imtest: SetOnline: platform %q is not one of %v", platform, platforms)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.importedLocked("SetOnline", sdkAppID, userID)
	if err != nil {
		return err
	}
	switch status {
	case restapi.StatusOffline:
		delete(st.presence[userID], platform)
	case restapi.StatusOnline, restapi.StatusPushOnline:
		if st.presence[userID] == nil {
			st.presence[userID] = map[string]v4Presence{}
		}
		st.presence[userID][platform] = v4Presence{status: status, since: s.nowLocked()}
	default:
		return fmt.Errorf("imtest: SetOnline: status %q is not Online, PushOnline or Offline", status)
	}
	s.afterStateChange(sdkAppID, s.nowLocked(), userID, platform, status)
	return nil
}

// Presence returns the online status of an imported account as
// query_online_status answers it with IsNeedDetail 1; false for an
// account that is not imported. It panics for an unknown app.
func (s *Server) Presence(sdkAppID uint64, userID string) (restapi.UserStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAppLocked("Presence", sdkAppID)
	st, err := s.importedLocked("Presence", sdkAppID, userID)
	if err != nil {
		return restapi.UserStatus{}, false
	}
	return st.status(userID, s.nowLocked()), true
}

// importedLocked returns the REST API state of an app for a test helper
// named helper, failing for an unknown app or an account that is not
// imported. s.mu is held.
func (s *Server) importedLocked(helper string, sdkAppID uint64, userID string) (*v4State, error) {
	a, err := s.appLocked(helper, sdkAppID)
	if err != nil {
		return nil, err
	}
	if a.v4.accounts[userID] == nil {
		return nil, fmt.Errorf("imtest: %s: account %q is not imported into app %d; import it first (ImportAccounts)", helper, userID, sdkAppID)
	}
	return &a.v4, nil
}
