package imtest

import "time"

// adminState is what the server keeps about one app's admins.
type adminState struct{}

// setUp gives a new app its initial admins.
func (st *adminState) setUp(now time.Time) {}

func (s *Server) registerAdminActions() {}

// has reports whether userID is an admin of the app.
func (st *adminState) has(userID string) bool { return userID == "administrator" }
