package imtest

import (
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4Mute is when an account's global mutes end; the zero time is none,
// forever is permanent.
type v4Mute struct {
	c2c, group               time.Time
	c2cForever, groupForever bool
}

// v4SetNoSpeaking mutes an account: the body (130001, 130005 for a
// Set_Account that is not a string), restapi's Validate (130004, 130005,
// 130008), the account imported (70107). A time of 0 lifts that mute, MutedForever
// makes it permanent, an absent one is left as it is.
func (s *Server) v4SetNoSpeaking(c *v4Call, req *restapi.MuteRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("Set_Account", req.SetAccount, restapi.CodeNotImported); err != nil {
		return nil, err
	}
	m := st.mutes[req.SetAccount]
	if t := req.C2CMsgNoSpeakingTime; t != nil {
		m.c2c, m.c2cForever = muteUntil(c.now, *t)
	}
	if t := req.GroupMsgNoSpeakingTime; t != nil {
		m.group, m.groupForever = muteUntil(c.now, *t)
	}
	st.mutes[req.SetAccount] = m
	return nil, nil
}

// muteUntil is when a mute of seconds set at now ends.
func muteUntil(now time.Time, seconds uint32) (time.Time, bool) {
	switch seconds {
	case 0:
		return time.Time{}, false
	case restapi.MutedForever:
		return time.Time{}, true
	}
	return now.Add(time.Duration(seconds) * time.Second), false
}

// v4GetNoSpeaking answers the seconds an account's mutes have left on the
// server clock: the body (130001, 130003 for a Get_Account that is not a
// string), restapi's Validate (130002, 130003), the account imported
// (70107).
func (s *Server) v4GetNoSpeaking(c *v4Call, req *restapi.GetMuteRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("Get_Account", req.GetAccount, restapi.CodeNotImported); err != nil {
		return nil, err
	}
	return st.muted(req.GetAccount, c.now), nil
}

// muted is what is left of an account's mutes at now, in seconds rounded
// up.
func (st *v4State) muted(userID string, now time.Time) restapi.MuteStatus {
	m := st.mutes[userID]
	left := func(until time.Time, forever bool) uint32 {
		if forever {
			return restapi.MutedForever
		}
		return *restapi.MuteSeconds(until.Sub(now)) // whole seconds left, rounded up; 0 once over
	}
	return restapi.MuteStatus{C2CMsgNoSpeakingTime: left(m.c2c, m.c2cForever), GroupMsgNoSpeakingTime: left(m.group, m.groupForever)}
}

// Muted returns what is left of an account's global mutes on the server
// clock, as getnospeaking answers it; zero for an unknown account. It
// panics for an unknown app.
func (s *Server) Muted(sdkAppID uint64, userID string) restapi.MuteStatus {
	return readV4(s, "Muted", sdkAppID, func(st *v4State, now time.Time) restapi.MuteStatus { return st.muted(userID, now) })
}
