#!/usr/bin/perl
# rt-seed.pl: seed a pristine RT database for slalab in one RT process (no server needed).
#   (cd /tmp && runuser -u www-data -- perl - < rt-seed.pl)
# Settings from the environment: SLALAB_RT_L1_AGENTS, SLALAB_RT_L2_AGENTS, SLALAB_RT_CUSTOMERS,
# SLALAB_RT_NOTIFY (on|off). Prints KEY=VALUE credential lines on stdout (for a 0600 file).
use strict; use warnings;
use lib '/usr/local/share/request-tracker5/lib', '/usr/share/request-tracker5/lib';
use RT; RT::LoadConfig(); RT::Init();

my $S = RT->SystemUser;
sub ok { my ($what, $ok, $msg) = @_; die "seed: $what: " . ($msg // 'failed') . "\n" unless $ok; return $ok }
sub secret { open(my $fh, '<', '/dev/urandom') or die "urandom: $!"; read($fh, my $b, 18); close $fh;
  my $s = unpack('H*', $b); return $s }
my $n_l1 = $ENV{SLALAB_RT_L1_AGENTS} // 8;
my $n_l2 = $ENV{SLALAB_RT_L2_AGENTS} // 4;
my $n_customers = $ENV{SLALAB_RT_CUSTOMERS} // 10;
my $notify = ($ENV{SLALAB_RT_NOTIFY} // 'on') eq 'off' ? 0 : 1;
my @out;

# Queues: one per channel, one per escalation tier.
my @channels = qw(phone chat email messaging);
my %q;
for my $name (@channels, 'L2') {
  my $q = RT::Queue->new($S);
  ok("queue $name", $q->Create(Name => $name,
    Description => $name eq 'L2' ? 'Second-line support (escalations)' : "First-line support: $name"));
  $q{$name} = $q;
}

# Custom fields on every ticket (applied globally, so they survive an escalation).
my $global = RT::Queue->new($S);
my $channel_cf = RT::CustomField->new($S);
# Freeform, not Select: scenarios name their own channels (the queue mapping is the adapter's).
ok('cf Channel', $channel_cf->Create(Name => 'Channel', Type => 'Freeform', MaxValues => 1,
  LookupType => 'RT::Queue-RT::Ticket', Description => 'Contact channel (phone, chat, email, messaging, ...)'));
ok('cf Channel global', $channel_cf->AddToObject($global));
my $run_cf = RT::CustomField->new($S);
ok('cf SlalabRun', $run_cf->Create(Name => 'SlalabRun', Type => 'Freeform', MaxValues => 1,
  LookupType => 'RT::Queue-RT::Ticket', Description => 'slalab run id that created the ticket'));
ok('cf SlalabRun global', $run_cf->AddToObject($global));

my @agent_rights = qw(SeeQueue ShowTicket CreateTicket ReplyToTicket CommentOnTicket OwnTicket
  TakeTicket StealTicket ModifyTicket ShowTicketComments ShowOutgoingEmail SeeCustomField
  ModifyCustomField Watch WatchAsAdminCc);
sub grant { my ($g, $queue, @rights) = @_;
  ok("grant $_ to " . $g->Name . ' on ' . $queue->Name, $g->PrincipalObj->GrantRight(Right => $_, Object => $queue)) for @rights }
sub group { my $g = RT::Group->new($S); ok("group $_[0]", $g->CreateUserDefinedGroup(Name => $_[0], Description => $_[1])); $g }

my $L1 = group('L1', 'First-line agents');
my $L2 = group('L2', 'Second-line agents');
my $bots = group('Bots', 'Support bots');
my $portal_g = group('Portal', 'Customer intake (acts for requesters)');
for my $c (@channels) {
  grant($L1, $q{$c}, @agent_rights);
  grant($bots, $q{$c}, @agent_rights);
  # ModifyTicket lets the portal close a ticket for a customer who gave up
  # (the replay's abandonment), as a requester hanging up does.
  grant($portal_g, $q{$c}, qw(SeeQueue ShowTicket CreateTicket ReplyToTicket ModifyTicket SeeCustomField ModifyCustomField));
}
grant($L1, $q{L2}, qw(SeeQueue CreateTicket));          # to escalate into L2
grant($bots, $q{L2}, qw(SeeQueue CreateTicket));
grant($L2, $q{$_}, @agent_rights) for @channels, 'L2';
grant($portal_g, $q{L2}, qw(SeeQueue ShowTicket ReplyToTicket SeeCustomField));
my $every = RT::Group->new($S); $every->LoadSystemInternalGroup('Everyone');
# Requestors may see their own tickets (self-service UI); nothing else is granted to Everyone.
for my $name (@channels, 'L2') {
  my $role = $q{$name}->RoleGroup('Requestor');
  ok("Requestor $_ on $name", $role->PrincipalObj->GrantRight(Right => $_, Object => $q{$name})) for qw(ShowTicket SeeQueue);
}

sub token { my ($u) = @_; my $t = RT::AuthToken->new($S);
  my ($id, $msg, $auth) = $t->Create(Owner => $u->Id, Description => 'slalab ' . time);
  die "seed: token for " . $u->Name . ": $msg\n" unless $id; $auth }
sub user { my (%a) = @_; my $u = RT::User->new($S); ok("user $a{Name}", $u->Create(%a)); $u }
sub envkey { my $k = uc shift; $k =~ s/[^A-Z0-9]/_/g; $k }

# root: a fresh password (re-hashed at $BcryptCost) and an admin token.
my $root = RT::User->new($S); $root->Load('root');
my $root_pw = secret();
ok('root password', $root->SetPassword($root_pw));
push @out, "SLALAB_RT_ADMIN_USER=root", "SLALAB_RT_ADMIN_PASSWORD=$root_pw", 'SLALAB_RT_TOKEN=' . token($root);

my @agents;
for my $tier (['L1', $L1, $n_l1], ['L2', $L2, $n_l2]) {
  my ($t, $g, $n) = @$tier;
  for my $i (1 .. $n) {
    my $name = sprintf('agent-%s-%02d', lc $t, $i);
    my $pw = secret();
    my $u = user(Name => $name, EmailAddress => "$name\@agents.slalab.test", RealName => sprintf('Agent %s %02d', $t, $i),
      Password => $pw, Privileged => 1);
    ok("member $name", $g->AddMember($u->PrincipalId));
    push @agents, $name;
    push @out, 'SLALAB_RT_PASSWORD_' . envkey($name) . "=$pw", 'SLALAB_RT_AGENT_TOKEN_' . envkey($name) . '=' . token($u);
  }
}
my $bot = user(Name => 'bot', EmailAddress => 'bot@agents.slalab.test', RealName => 'Support bot', Password => secret(), Privileged => 1);
ok('member bot', $bots->AddMember($bot->PrincipalId));
push @agents, 'bot';
push @out, 'SLALAB_RT_AGENT_TOKEN_BOT=' . token($bot);
my $portal = user(Name => 'portal', EmailAddress => 'portal@slalab.test', RealName => 'Customer portal', Password => secret(), Privileged => 0);
ok('member portal', $portal_g->AddMember($portal->PrincipalId));
push @out, 'SLALAB_RT_PORTAL_TOKEN=' . token($portal);
for my $i (1 .. $n_customers) {
  my $email = sprintf('customer%02d@customers.slalab.test', $i);
  user(Name => $email, EmailAddress => $email, RealName => sprintf('Customer %02d', $i),
    Organization => sprintf('Company %d', 1 + ($i - 1) % 3), Privileged => 0);
}
push @out, 'SLALAB_RT_AGENTS=' . join(',', @agents);

# E-mail notification scrips (written to an mbox): on by default, off for raw API throughput.
my $scrips = RT::Scrips->new($S); $scrips->FindAllRows; $scrips->UnLimit;
my $toggled = 0;
while (my $s = $scrips->Next) {
  next unless $s->Description =~ /^On .*(Notify|Autoreply)/;
  ok('scrip ' . $s->Description, $s->SetDisabled($notify ? 0 : 1)) if $s->Disabled != ($notify ? 0 : 1);
  $toggled++;
}
push @out, 'SLALAB_RT_NOTIFY=' . ($notify ? 'on' : 'off');
print "$_\n" for @out;
